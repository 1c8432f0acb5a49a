/** Password length rules (ASVS 2.1: at least 8, allow at least 64; we ask 10 and allow 128). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
