// The one pattern for ids that become a segment of a URL path (tenant, user, job): letters, digits, ".", "_"
// and "-", but never "." or ".." alone, which a URL resolves as "this folder" and "the folder above" and so would
// send a request somewhere else than the id names. Paths are built with encodeURIComponent all the same.
export const PATH_ID = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

export const PATH_ID_RULE = 'letters, digits, ".", "_" and "-" (at most 100, not "." or "..")';
