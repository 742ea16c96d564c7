/** @module @ks-apiserver/client — filled in by the SDK work. */
export {}
