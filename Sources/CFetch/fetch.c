#include "fetch.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libcurl's ABI, declared here because only its shared library is needed at run time
// (Debian's libcurl4), not its headers. These values are fixed by curl's ABI.
typedef void CURL;
enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_ERRORBUFFER = 10010,
    OPT_USERAGENT = 10018,
    OPT_WRITEFUNCTION = 20011,
    OPT_LOW_SPEED_LIMIT = 19,
    OPT_LOW_SPEED_TIME = 20,
    OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68,
    OPT_CONNECTTIMEOUT = 78,
    OPT_NOSIGNAL = 99,
    OPT_PROTOCOLS = 181,
    OPT_REDIR_PROTOCOLS = 182,
    PROTO_HTTP = 1,
    PROTO_HTTPS = 2,
    INFO_RESPONSE_CODE = 0x200002,
    ERROR_SIZE = 256,
};

static struct {
    void *library;
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    curl.easy_init = (CURL * (*)(void)) dlsym(library, "curl_easy_init");
    curl.easy_setopt = (int (*)(CURL *, int, ...))dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (int (*)(CURL *))dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (int (*)(CURL *, int, ...))dlsym(library, "curl_easy_getinfo");
    curl.easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    curl.easy_strerror = (const char *(*)(int))dlsym(library, "curl_easy_strerror");
    if (curl.easy_init && curl.easy_setopt && curl.easy_perform && curl.easy_getinfo && curl.easy_cleanup &&
        curl.easy_strerror)
        curl.library = library;
}

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
    size_t limit;
    int too_large;
} buffer;

static size_t collect(char *data, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t incoming = size * count;
    if (target->length + incoming > target->limit) {
        target->too_large = 1;
        return 0;
    }
    if (target->length + incoming > target->capacity) {
        size_t capacity = target->capacity ? target->capacity * 2 : 65536;
        while (capacity < target->length + incoming) capacity *= 2;
        unsigned char *grown = realloc(target->bytes, capacity);
        if (!grown) return 0;
        target->bytes = grown;
        target->capacity = capacity;
    }
    memcpy(target->bytes + target->length, data, incoming);
    target->length += incoming;
    return incoming;
}

int fetch_url(const char *url, long timeout_seconds, size_t limit, unsigned char **bytes, size_t *length,
              long *status, char *error, size_t error_size) {
    pthread_once(&curl_once, load_curl);
    if (!curl.library) {
        snprintf(error, error_size, "fetching over http(s) needs libcurl (apt-get install libcurl4)");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(error, error_size, "libcurl could not start");
        return -1;
    }
    char message[ERROR_SIZE] = "";
    buffer target = {NULL, 0, 0, limit, 0};
    curl.easy_setopt(handle, OPT_URL, url);
    /* A redirect never leaves https for http, and never loops. */
    long secure = strncmp(url, "https://", 8) == 0;
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, secure ? (long)PROTO_HTTPS : (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 5L);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    /* A slow intranet may take minutes for an archive; a stalled one is given up. */
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, OPT_LOW_SPEED_LIMIT, 1024L);
    curl.easy_setopt(handle, OPT_LOW_SPEED_TIME, timeout_seconds);
    curl.easy_setopt(handle, OPT_USERAGENT, "ducha");
    curl.easy_setopt(handle, OPT_ERRORBUFFER, message);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, collect);
    curl.easy_setopt(handle, OPT_WRITEDATA, &target);
    int code = curl.easy_perform(handle);
    long response = 0;
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &response);
    curl.easy_cleanup(handle);
    if (code != 0) {
        free(target.bytes);
        if (target.too_large)
            snprintf(error, error_size, "the response is larger than %zu bytes", limit);
        else
            snprintf(error, error_size, "%s", message[0] ? message : curl.easy_strerror(code));
        return -1;
    }
    *bytes = target.bytes;
    *length = target.length;
    *status = response;
    return 0;
}

void fetch_free(unsigned char *bytes) { free(bytes); }
