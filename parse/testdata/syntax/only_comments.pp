# Nothing but comments.
// Really nothing.
/* Still nothing. */
