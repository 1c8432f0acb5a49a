/**
 * GDPR art. 17(3): the grounds on which erasure may be refused. A refusal (of an early erasure
 * request, or keeping a record whose retention has ended) records one of them in the audit log
 * (docs/decisions/042-retention-and-anonymisation.md).
 *   a — freedom of expression and information
 *   b — a legal obligation (e.g. the funder's retention of project records, national archives law)
 *   c — public health
 *   d — archiving in the public interest, research or statistics
 *   e — the establishment, exercise or defence of legal claims
 */
export const ERASURE_REFUSAL_BASES = ["a", "b", "c", "d", "e"] as const;
export type ErasureRefusalBasis = (typeof ERASURE_REFUSAL_BASES)[number];

/** CPR 2021/1060 art. 82: documents kept for 5 years from 31 December of the year of the last payment. */
export const GRANT_RETENTION_YEARS = 5;
