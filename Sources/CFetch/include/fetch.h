#ifndef DUCHA_FETCH_H
#define DUCHA_FETCH_H

#include <stddef.h>

/// Fetches `url` (http or https) with the system's libcurl, loaded on first use so that
/// programs which never fetch do not pay for loading it at start-up. At most `limit`
/// bytes are accepted; connecting may take `timeout_seconds`, and a transfer slower than
/// 1 KiB/s for that long is given up. On success returns 0, sets `*bytes` (free with `fetch_free`),
/// `*length` and the HTTP `*status`; on failure returns -1 with a message in `error`.
int fetch_url(const char *url, long timeout_seconds, size_t limit, unsigned char **bytes, size_t *length,
              long *status, char *error, size_t error_size);

/// Frees what `fetch_url` returned.
void fetch_free(unsigned char *bytes);

#endif
