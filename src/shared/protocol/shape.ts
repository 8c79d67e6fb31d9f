/**
 * Shapes: a rule for an untrusted value and, through `Infer`, the type of the values it accepts. Every
 * message kind is declared once as a shape, so a field cannot be typed without being validated.
 *
 * A shape is its own check, `(v) => v is T`, made once when it is declared: validating allocates nothing
 * and costs what hand-written checks cost (the background validates every message a page sends).
 * Unknown keys are ignored: receivers read only the fields the shape names.
 *
 * Every combinator is marked free of side effects, so a bundle that imports the protocol only for its
 * constants or its column writer (the page script) leaves the validators out and does not build them.
 */
export type Shape<T> = (v: unknown) => v is T

/** A field that may be left out (or undefined). */
export type OptionalShape<T> = Shape<T | undefined> & { readonly optional: true }

export type Infer<S> = S extends (v: unknown) => v is infer T ? T : never

export type Fields = Record<string, Shape<unknown>>

type Simplify<T> = { [K in keyof T]: T[K] } & {}
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F]

/** The object type a set of fields describes; fields made with `optional` become optional properties. */
export type InferFields<F extends Fields> = Simplify<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { -readonly [K in OptionalKeys<F>]?: Exclude<Infer<F[K]>, undefined> }
>

export type ObjectShape<F extends Fields> = Shape<InferFields<F>> & { readonly fields: F }

/** One member of a variant: its tag, then its own fields. */
type Member<Tag extends string, K extends string, F extends Fields> = Simplify<{ -readonly [P in Tag]: K } & InferFields<F>>

export type VariantShape<Tag extends string, M extends Record<string, Fields>> = Shape<{ [K in keyof M & string]: Member<Tag, K, M[K]> }[keyof M & string]> & {
  /** Each member's fields, without the tag. */
  readonly members: { readonly [K in keyof M]: ObjectShape<M[K]> }
}

/** An object that is not an array (structured clone and JSON make no other kind). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/*#__NO_SIDE_EFFECTS__*/
function shape<T>(check: (v: unknown) => boolean): Shape<T> {
  return check as Shape<T>
}

/*#__NO_SIDE_EFFECTS__*/
export function str(max: number): Shape<string> {
  return shape((v) => typeof v === 'string' && v.length <= max)
}
/** A finite number. */
export const num: Shape<number> = shape((v) => typeof v === 'number' && Number.isFinite(v))
/** Any number, NaN and infinities too. */
export const anyNumber: Shape<number> = shape((v) => typeof v === 'number')
/** An integer (not necessarily a safe one) of at least `min`. */
/*#__NO_SIDE_EFFECTS__*/
export function int(min: number): Shape<number> {
  return shape((v) => Number.isInteger(v) && (v as number) >= min)
}
/** A safe integer within [min, max]: counters, sequence numbers, ids the browser hands out. */
/*#__NO_SIDE_EFFECTS__*/
export function count([min, max]: readonly [number, number] = [0, Number.POSITIVE_INFINITY]): Shape<number> {
  return shape((v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max)
}
export const bool: Shape<boolean> = shape((v) => typeof v === 'boolean')
/*#__NO_SIDE_EFFECTS__*/
export function literal<const L extends string | number | boolean>(value: L): Shape<L> {
  return shape((v) => v === value)
}
/** One of a list declared `as const`, so that the type and the values are written once. */
/*#__NO_SIDE_EFFECTS__*/
export function oneOf<const L extends readonly unknown[]>(values: L): Shape<L[number]> {
  return shape((v) => values.includes(v))
}
/**
 * A text of at most `max` characters or a Uint8Array of at most `max` bytes: a payload, in one check
 * because the background runs it for every message. Firefox hands the isolated world page-compartment
 * objects, for which `instanceof Uint8Array` is false: the brand is read instead.
 */
/*#__NO_SIDE_EFFECTS__*/
export function payload(max: number): Shape<string | Uint8Array> {
  return shape((v) =>
    typeof v === 'string' ? v.length <= max : Object.prototype.toString.call(v) === '[object Uint8Array]' && (v as Uint8Array).byteLength <= max,
  )
}
/** Anything: a value that another step validates (a batch's message columns, in `validateEvents`). */
export const unknown: Shape<unknown> = shape(() => true)
/** An array whose items another step validates. */
export const list: Shape<unknown[]> = shape((v) => Array.isArray(v))
/** An object whose fields another step validates. */
export const record: Shape<Record<string, unknown>> = shape(isRecord)

/*#__NO_SIDE_EFFECTS__*/
export function nullable<T>(s: Shape<T>): Shape<T | null> {
  return shape((v) => v === null || s(v))
}
/*#__NO_SIDE_EFFECTS__*/
export function optional<T>(s: Shape<T>): OptionalShape<T> {
  return Object.assign(
    shape<T | undefined>((v) => v === undefined || s(v)),
    { optional: true as const },
  )
}
/*#__NO_SIDE_EFFECTS__*/
export function arrayOf<T>(item: Shape<T>, max: number): Shape<T[]> {
  return shape((v) => {
    if (!Array.isArray(v) || v.length > max) return false
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false
    return true
  })
}

/** The same shape for each of `keys` (loss counters). */
/*#__NO_SIDE_EFFECTS__*/
export function fieldsOf<const K extends readonly string[], S extends Shape<unknown>>(keys: K, s: S): { [P in K[number]]: S } {
  return Object.fromEntries(keys.map((k) => [k, s])) as { [P in K[number]]: S }
}

/** A count within its range for each key of `ranges` (the per-tab cap). */
/*#__NO_SIDE_EFFECTS__*/
export function counts<R extends Record<string, readonly [number, number]>>(ranges: R): { [K in keyof R]: Shape<number> } {
  return Object.fromEntries(Object.entries(ranges).map(([k, range]) => [k, count(range)])) as { [K in keyof R]: Shape<number> }
}

/** The fields of `a` and then of `b` (a command's fields, addressed to a tab and a frame). */
/*#__NO_SIDE_EFFECTS__*/
export function extend<A extends Fields, B extends Fields>(a: A, b: B): A & B {
  return { ...a, ...b }
}

/** Whether a record has every field of a field list, compiled into two arrays. */
function fieldsCheck(fields: Fields): (v: Record<string, unknown>) => boolean {
  const keys = Object.keys(fields)
  const checks = keys.map((k) => fields[k]!)
  return (v) => {
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(v[keys[i]!])) return false
    return true
  }
}

/*#__NO_SIDE_EFFECTS__*/
export function object<const F extends Fields>(fields: F): ObjectShape<F> {
  const has = fieldsCheck(fields)
  return Object.assign(
    shape<InferFields<F>>((v) => isRecord(v) && has(v)),
    { fields },
  )
}

/**
 * A tagged union: `tag` says which member a value is, and each member lists its other fields. The tag
 * selects the member's checks by lookup, so a union of many kinds costs what one kind does.
 */
/*#__NO_SIDE_EFFECTS__*/
export function variant<const Tag extends string, const M extends Record<string, Fields>>(tag: Tag, members: M): VariantShape<Tag, M> {
  const byTag = new Map<unknown, (v: Record<string, unknown>) => boolean>()
  const objects: Record<string, ObjectShape<Fields>> = {}
  for (const [name, fields] of Object.entries(members)) {
    byTag.set(name, fieldsCheck(fields))
    objects[name] = object(fields)
  }
  const check = (v: unknown) => {
    if (!isRecord(v)) return false
    const has = byTag.get(v[tag])
    return has === undefined ? false : has(v)
  }
  return Object.assign(shape<Infer<VariantShape<Tag, M>>>(check), { members: objects as VariantShape<Tag, M>['members'] })
}

/** One of a variant's tags (a command-result names the command it answers). */
/*#__NO_SIDE_EFFECTS__*/
export function tagOf<Tag extends string, M extends Record<string, Fields>>(s: VariantShape<Tag, M>): Shape<keyof M & string> {
  return shape((v) => typeof v === 'string' && Object.hasOwn(s.members, v))
}
