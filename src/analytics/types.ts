// Why: one input type for every numeric routine, so callers can pass plain arrays or typed arrays alike.

/** Any indexable list of numbers: number[], Float64Array, Float32Array, … */
export type Series = ArrayLike<number>;
