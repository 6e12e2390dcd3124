import type { NativeIsa } from './types';

/** The instruction sets the addon is compiled for, widest first (the order dispatch tries them in). */
export const NATIVE_ISAS: readonly NativeIsa[] = ['avx512', 'avx2', 'portable'];
