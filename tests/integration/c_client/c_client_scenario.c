/*
 * ZooScope integration scenario for the Apache ZooKeeper C client (libzookeeper_mt, 3.8 API).
 *
 * Runs one long scenario against the server named by $ZK_CONNECT (host:port) and checks every reply the way
 * Apache ZooKeeper 3.8 answers it: create modes (persistent, ephemeral, sequential, ephemeral sequential,
 * container, TTL), Stat fields, versions, watches (data, exists, child; one-shot; removal), async API ordering,
 * multi success and failure, digest/ip/world ACLs, chroot, session takeover/expiry.
 *
 * Every check prints a failure line saying what was expected; the run ends with "N passed, M failed" and exits
 * 0 only when nothing failed. The server is expected to use the integration harness config
 * (tests/integration/zkserver.py): tickTime=200 (read from $ZK_CFG when the harness provides it; ZK_TICK_MS
 * overrides), extendedTypesEnabled=true and a short container check interval (znode.container.checkIntervalMs=500).
 *
 * Internal mode used by the session-expiry check:
 *   c_client_scenario --hold-ephemeral PATH TIMEOUT_MS
 * connects, creates an ephemeral PATH, prints "SESSION <id-hex> <password-hex>" and sleeps until killed.
 *
 * Environment: ZK_CONNECT (required), ZK_CFG (server zoo.cfg, for tickTime and session timeout bounds),
 * ZK_TICK_MS (default 200), ZK_VERBOSE=1 (print passing checks too),
 * ZK_C_LOG_LEVEL=1..4 (client library log level, default 1 = errors only).
 */
#define _POSIX_C_SOURCE 200809L

#include <zookeeper/zookeeper.h>

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------------------------ */
/* Check bookkeeping                                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

static int g_passed;
static int g_failed;
static bool g_verbose;
static const char *g_section = "";
static const char *g_connect;
static int g_tick_ms = 200;
static int g_min_session_ms = -1; /* from zoo.cfg when set there, else 2 * tickTime */
static int g_max_session_ms = -1; /* from zoo.cfg when set there, else 20 * tickTime */

#define BASE "/c_client_scenario"

/* Digest ids: base64(sha1("user:password")), the form DigestAuthenticationProvider stores in ACLs. */
#define ALICE_CRED "alice:secret"
#define ALICE_DIGEST_ID "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="
#define BOB_CRED "bob:hunter2"
#define BOB_DIGEST_ID "bob:1Yu1ryCXOIF7lyFzbmQ5J+MJOZc="


static void section(const char *name)
{
    g_section = name;
    printf("== %s\n", name);
    fflush(stdout);
}

static bool check_impl(bool ok, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool check_impl(bool ok, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (ok) {
        ++g_passed;
        if (g_verbose) {
            printf("  ok   [%s] ", g_section);
            vprintf(fmt, ap);
            printf("\n");
        }
    } else {
        ++g_failed;
        printf("  FAIL [%s] (line %d) ", g_section, line);
        vprintf(fmt, ap);
        printf("\n");
    }
    va_end(ap);
    fflush(stdout);
    return ok;
}

#define CHECK(cond, ...) check_impl((cond), __LINE__, __VA_ARGS__)

/* rc must equal expected ZooKeeper error code. */
#define CHECK_RC(rc, expected, what)                                                                              \
    do {                                                                                                           \
        int rc_ = (rc);                                                                                            \
        int exp_ = (expected);                                                                                     \
        check_impl(rc_ == exp_, __LINE__, "%s: expected %s (%d), got %s (%d)", (what), zerror(exp_), exp_,      \
                   zerror(rc_), rc_);                                                                              \
    } while (0)

#define CHECK_I64(actual, expected, what)                                                                         \
    do {                                                                                                           \
        long long a_ = (long long)(actual);                                                                        \
        long long e_ = (long long)(expected);                                                                      \
        check_impl(a_ == e_, __LINE__, "%s: expected %lld (0x%llx), got %lld (0x%llx)", (what), e_,            \
                   (unsigned long long)e_, a_, (unsigned long long)a_);                                           \
    } while (0)

#define CHECK_STR(actual, expected, what)                                                                         \
    do {                                                                                                           \
        const char *a_ = (actual);                                                                                 \
        const char *e_ = (expected);                                                                               \
        check_impl(a_ != NULL && strcmp(a_, e_) == 0, __LINE__, "%s: expected \"%s\", got \"%s\"", (what), e_,  \
                   a_ ? a_ : "(null)");                                                                            \
    } while (0)

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FATAL [%s] ", g_section);
    vprintf(fmt, ap);
    printf("\n%d passed, %d failed (aborted)\n", g_passed, g_failed + 1);
    va_end(ap);
    fflush(stdout);
    exit(1);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Time                                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void deadline_ts(struct timespec *ts, int timeout_ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += timeout_ms / 1000;
    ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec += 1;
        ts->tv_nsec -= 1000000000L;
    }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Watcher event queues                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

#define MAX_EVENTS 256

typedef struct {
    int type;
    int state;
    char path[256];
    int64_t at_ms;
} event_t;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    event_t events[MAX_EVENTS];
    int count;
    const char *name;
} evq_t;

static void evq_init(evq_t *q, const char *name)
{
    memset(q, 0, sizeof(*q));
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    q->name = name;
}

static void evq_clear(evq_t *q)
{
    pthread_mutex_lock(&q->mu);
    q->count = 0;
    pthread_mutex_unlock(&q->mu);
}

/* Watcher function for every handle and every watch: ctx is the evq_t to record into. Queues are static: a watch
 * that never fired (after a failed check) may still be delivered later, so its context must stay valid. */
static void evq_watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx)
{
    (void)zh;
    evq_t *q = ctx;
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    if (q->count < MAX_EVENTS) {
        event_t *e = &q->events[q->count++];
        e->type = type;
        e->state = state;
        snprintf(e->path, sizeof(e->path), "%s", path ? path : "");
        e->at_ms = now_ms();
    }
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

static bool event_matches(const event_t *e, int type, int state, const char *path)
{
    return e->type == type && (state < 0 || e->state == state) && (!path || strcmp(e->path, path) == 0);
}

/* Number of recorded events of this type (state < 0: any state; path NULL: any path). */
static int evq_count(evq_t *q, int type, int state, const char *path)
{
    int n = 0;
    pthread_mutex_lock(&q->mu);
    for (int i = 0; i < q->count; ++i)
        if (event_matches(&q->events[i], type, state, path))
            ++n;
    pthread_mutex_unlock(&q->mu);
    return n;
}

/* Waits until at least `want` matching events are recorded. Returns the time of the want-th one, or -1. */
static int64_t evq_wait_n(evq_t *q, int type, int state, const char *path, int want, int timeout_ms)
{
    struct timespec deadline;
    deadline_ts(&deadline, timeout_ms);
    pthread_mutex_lock(&q->mu);
    for (;;) {
        int n = 0;
        for (int i = 0; i < q->count; ++i) {
            if (event_matches(&q->events[i], type, state, path) && ++n == want) {
                int64_t at = q->events[i].at_ms;
                pthread_mutex_unlock(&q->mu);
                return at;
            }
        }
        if (pthread_cond_timedwait(&q->cv, &q->mu, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&q->mu);
            return -1;
        }
    }
}

static bool evq_wait(evq_t *q, int type, int state, const char *path, int timeout_ms)
{
    return evq_wait_n(q, type, state, path, 1, timeout_ms) >= 0;
}

static const char *event_name(int type)
{
    if (type == ZOO_CREATED_EVENT)
        return "CREATED";
    if (type == ZOO_DELETED_EVENT)
        return "DELETED";
    if (type == ZOO_CHANGED_EVENT)
        return "CHANGED";
    if (type == ZOO_CHILD_EVENT)
        return "CHILD";
    if (type == ZOO_SESSION_EVENT)
        return "SESSION";
    if (type == ZOO_NOTWATCHING_EVENT)
        return "NOTWATCHING";
    return "?";
}

static const char *state_name(int state)
{
    if (state == ZOO_CONNECTED_STATE)
        return "CONNECTED";
    if (state == ZOO_CONNECTING_STATE)
        return "CONNECTING";
    if (state == ZOO_ASSOCIATING_STATE)
        return "ASSOCIATING";
    if (state == ZOO_EXPIRED_SESSION_STATE)
        return "EXPIRED_SESSION";
    if (state == ZOO_AUTH_FAILED_STATE)
        return "AUTH_FAILED";
    if (state == ZOO_READONLY_STATE)
        return "READONLY";
    if (state == ZOO_NOTCONNECTED_STATE)
        return "NOTCONNECTED";
    if (state == 0)
        return "CLOSED";
    return "?";
}

static void evq_dump(evq_t *q)
{
    pthread_mutex_lock(&q->mu);
    printf("       events on %s:", q->name);
    if (q->count == 0)
        printf(" (none)");
    for (int i = 0; i < q->count; ++i)
        printf(" {%s %s \"%s\"}", event_name(q->events[i].type), state_name(q->events[i].state),
               q->events[i].path);
    printf("\n");
    pthread_mutex_unlock(&q->mu);
}

/* Checks that exactly `expected` events of the given type/path were delivered to q. */
#define CHECK_EVENTS(q, type, path, expected, what)                                                               \
    do {                                                                                                           \
        int n_ = evq_count((q), (type), -1, (path));                                                              \
        if (!check_impl(n_ == (expected), __LINE__, "%s: expected %d %s event(s) for %s, got %d", (what),       \
                        (expected), event_name(type), (path) ? (path) : "(any path)", n_))                        \
            evq_dump(q);                                                                                           \
    } while (0)

/* ------------------------------------------------------------------------------------------------------------ */
/* Connection helpers                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

/* Opens a handle and waits (up to 15 s) for the CONNECTED session event. NULL (and a failed check) on failure. */
static zhandle_t *open_handle_to(const char *hosts, evq_t *q, int timeout_ms, const clientid_t *cid,
                                 const char *what)
{
    zhandle_t *zh = zookeeper_init(hosts, evq_watcher, timeout_ms, cid, q, ZOO_NO_LOG_CLIENTENV);
    if (!zh) {
        CHECK(false, "%s: zookeeper_init(%s) returned NULL: %s", what, hosts, strerror(errno));
        return NULL;
    }
    if (!evq_wait(q, ZOO_SESSION_EVENT, ZOO_CONNECTED_STATE, NULL, 15000)) {
        CHECK(false, "%s: expected a CONNECTED session event within 15 s (state now %s)", what,
              state_name(zoo_state(zh)));
        evq_dump(q);
        zookeeper_close(zh);
        return NULL;
    }
    return zh;
}

static zhandle_t *open_handle(evq_t *q, int timeout_ms, const char *what)
{
    return open_handle_to(g_connect, q, timeout_ms, NULL, what);
}

/* Synchronous zoo_add_auth: waits for the completion and returns its rc. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
    int rc;
} waiter_t;

static void waiter_init(waiter_t *w)
{
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->done = false;
    w->rc = 12345;
}

static void waiter_signal(waiter_t *w, int rc)
{
    pthread_mutex_lock(&w->mu);
    w->rc = rc;
    w->done = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static bool waiter_wait(waiter_t *w, int timeout_ms)
{
    struct timespec deadline;
    deadline_ts(&deadline, timeout_ms);
    pthread_mutex_lock(&w->mu);
    while (!w->done)
        if (pthread_cond_timedwait(&w->cv, &w->mu, &deadline) == ETIMEDOUT)
            break;
    bool done = w->done;
    pthread_mutex_unlock(&w->mu);
    return done;
}

static void void_completion(int rc, const void *data)
{
    waiter_signal((waiter_t *)data, rc);
}

static int add_auth_sync(zhandle_t *zh, const char *scheme, const char *cred)
{
    waiter_t *w = malloc(sizeof(*w));
    waiter_init(w);
    int rc = zoo_add_auth(zh, scheme, cred, (int)strlen(cred), void_completion, w);
    if (rc != ZOK) {
        free(w);
        return rc;
    }
    if (!waiter_wait(w, 10000))
        return ZOPERATIONTIMEOUT; /* w leaks on purpose: the completion may still come */
    rc = w->rc;
    free(w);
    return rc;
}

/* Recursively deletes path (best effort; used to clean up after a previous run on a long-lived server). */
static void delete_tree(zhandle_t *zh, const char *path)
{
    struct String_vector children = {0, NULL};
    if (zoo_get_children(zh, path, 0, &children) == ZOK) {
        for (int i = 0; i < children.count; ++i) {
            char child[512];
            snprintf(child, sizeof(child), "%s/%s", path, children.data[i]);
            delete_tree(zh, child);
        }
        deallocate_String_vector(&children);
    }
    zoo_delete(zh, path, -1);
}

/* Field-wise Stat comparison (struct Stat has padding, so no memcmp); prints the differing fields. */
static bool stat_equal(const struct Stat *a, const struct Stat *b)
{
    bool same = true;
#define STAT_FIELD(f)                                                                                              \
    if (a->f != b->f) {                                                                                            \
        printf("       Stat.%s differs: %lld vs %lld\n", #f, (long long)a->f, (long long)b->f);                   \
        same = false;                                                                                              \
    }
    STAT_FIELD(czxid)
    STAT_FIELD(mzxid)
    STAT_FIELD(ctime)
    STAT_FIELD(mtime)
    STAT_FIELD(version)
    STAT_FIELD(cversion)
    STAT_FIELD(aversion)
    STAT_FIELD(ephemeralOwner)
    STAT_FIELD(dataLength)
    STAT_FIELD(numChildren)
    STAT_FIELD(pzxid)
#undef STAT_FIELD
    return same;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Joins the sorted child names with ',' into buf. */
static const char *sorted_children(struct String_vector *v, char *buf, size_t len)
{
    qsort(v->data, (size_t)v->count, sizeof(char *), cmp_str);
    buf[0] = '\0';
    size_t used = 0;
    for (int i = 0; i < v->count; ++i) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? "," : "", v->data[i]);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

static bool is_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Round trip on zh so that every notification the server sent before it has been delivered. */
static void settle(zhandle_t *zh)
{
    struct Stat st;
    zoo_exists(zh, "/", 0, &st);
    sleep_ms(150);
}

/* Reads tickTime / minSessionTimeout / maxSessionTimeout from the harness's zoo.cfg ($ZK_CFG) if available. */
static void read_server_cfg(void)
{
    const char *path = getenv("ZK_CFG");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        int value;
        if (sscanf(line, " tickTime = %d", &value) == 1)
            g_tick_ms = value;
        else if (sscanf(line, " minSessionTimeout = %d", &value) == 1)
            g_min_session_ms = value;
        else if (sscanf(line, " maxSessionTimeout = %d", &value) == 1)
            g_max_session_ms = value;
    }
    fclose(f);
}

static int expected_negotiated_timeout(int requested)
{
    int lo = g_min_session_ms > 0 ? g_min_session_ms : 2 * g_tick_ms;
    int hi = g_max_session_ms > 0 ? g_max_session_ms : 20 * g_tick_ms;
    return requested < lo ? lo : (requested > hi ? hi : requested);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Scenario parts                                                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

static evq_t g_mainq;
static zhandle_t *g_zh;      /* main handle, requested session timeout 3000 ms */
static zhandle_t *g_other;   /* second independent handle */
static evq_t g_otherq;

static void test_connect(void)
{
    section("connect");
    CHECK(zoo_state(g_zh) == ZOO_CONNECTED_STATE, "main handle: expected state CONNECTED, got %s",
          state_name(zoo_state(g_zh)));
    const clientid_t *cid = zoo_client_id(g_zh);
    CHECK(cid && cid->client_id != 0, "main handle: expected a non-zero session id");
    const clientid_t *cid2 = zoo_client_id(g_other);
    CHECK(cid && cid2 && cid->client_id != cid2->client_id,
          "two handles: expected different session ids, got 0x%" PRIx64 " twice", cid ? (uint64_t)cid->client_id : 0);
    CHECK_I64(zoo_recv_timeout(g_zh), expected_negotiated_timeout(3000), "negotiated timeout for requested 3000 ms");

    /* Session timeout negotiation clamps to [2*tickTime, 20*tickTime]. */
    const int requests[] = {100, 60000};
    for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); ++i) {
        static evq_t q;
        evq_init(&q, "clamp");
        char what[64];
        snprintf(what, sizeof(what), "session with requested timeout %d ms", requests[i]);
        zhandle_t *zh = open_handle(&q, requests[i], what);
        if (!zh)
            continue;
        char msg[128];
        snprintf(msg, sizeof(msg), "negotiated timeout for requested %d ms (tickTime %d)", requests[i], g_tick_ms);
        CHECK_I64(zoo_recv_timeout(zh), expected_negotiated_timeout(requests[i]), msg);
        zookeeper_close(zh);
    }

    struct Stat st;
    CHECK_RC(zoo_exists(g_zh, "/", 0, &st), ZOK, "exists /");
    CHECK_RC(zoo_exists(g_zh, "/zookeeper", 0, &st), ZOK, "exists /zookeeper");
    struct String_vector kids = {0, NULL};
    int rc = zoo_get_children(g_zh, "/zookeeper", 0, &kids);
    CHECK_RC(rc, ZOK, "get_children /zookeeper");
    if (rc == ZOK) {
        char buf[256];
        CHECK_STR(sorted_children(&kids, buf, sizeof(buf)), "config,quota", "children of /zookeeper");
        deallocate_String_vector(&kids);
    }
    CHECK_RC(zoo_get_children(g_zh, "/no/such/node", 0, &kids), ZNONODE, "get_children of a missing node");
}

static void test_create_modes(void)
{
    section("create modes and Stat");
    char path[512];
    struct Stat st, st2;
    const clientid_t *cid = zoo_client_id(g_zh);
    int64_t before = wall_ms();

    /* Persistent, created through create2 so the reply carries the Stat. */
    int rc = zoo_create2(g_zh, BASE, "root", 4, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2 " BASE);
    CHECK_STR(path, BASE, "create2 returned path");
    CHECK_I64(st.version, 0, "new node version");
    CHECK_I64(st.cversion, 0, "new node cversion");
    CHECK_I64(st.aversion, 0, "new node aversion");
    CHECK_I64(st.ephemeralOwner, 0, "persistent node ephemeralOwner");
    CHECK_I64(st.dataLength, 4, "new node dataLength");
    CHECK_I64(st.numChildren, 0, "new node numChildren");
    CHECK(st.czxid > 0, "new node czxid: expected > 0, got %" PRId64, st.czxid);
    CHECK_I64(st.mzxid, st.czxid, "new node mzxid == czxid");
    CHECK_I64(st.pzxid, st.czxid, "new node pzxid == czxid");
    CHECK_I64(st.mtime, st.ctime, "new node mtime == ctime");
    CHECK(st.ctime >= before - 60000 && st.ctime <= wall_ms() + 60000,
          "ctime: expected within a minute of local time %" PRId64 ", got %" PRId64, before, st.ctime);
    rc = zoo_exists(g_zh, BASE, 0, &st2);
    CHECK_RC(rc, ZOK, "exists " BASE);
    CHECK(stat_equal(&st, &st2), "Stat from create2 and from exists: expected identical");

    CHECK_RC(zoo_create(g_zh, BASE, "x", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZNODEEXISTS,
             "create of an existing node");
    CHECK_RC(zoo_create(g_zh, BASE "/missing/child", "x", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0),
             ZNONODE, "create under a missing parent");
    struct ACL_vector empty_acl = {0, NULL};
    CHECK_RC(zoo_create(g_zh, BASE "/noacl", "x", 1, &empty_acl, ZOO_PERSISTENT, NULL, 0), ZINVALIDACL,
             "create with an empty ACL list");

    /* Parent Stat after a child create: cversion, numChildren, pzxid == child's czxid. */
    rc = zoo_create2(g_zh, BASE "/p", "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2 " BASE "/p with empty data");
    CHECK_I64(st.dataLength, 0, "empty data dataLength");
    rc = zoo_exists(g_zh, BASE, 0, &st2);
    CHECK_I64(st2.cversion, 1, "parent cversion after one child create");
    CHECK_I64(st2.numChildren, 1, "parent numChildren after one child create");
    CHECK_I64(st2.pzxid, st.czxid, "parent pzxid == child's czxid");
    CHECK_I64(st2.version, 0, "parent version unchanged by child create");
    CHECK_I64(st2.mzxid, st2.czxid, "parent mzxid unchanged by child create");

    /* NULL data (valuelen -1). */
    rc = zoo_create2(g_zh, BASE "/nulldata", NULL, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, path, sizeof(path),
                     &st);
    CHECK_RC(rc, ZOK, "create2 with NULL data");
    CHECK_I64(st.dataLength, 0, "NULL data dataLength");
    char buf[64];
    int len = sizeof(buf);
    rc = zoo_get(g_zh, BASE "/nulldata", 0, buf, &len, &st);
    CHECK_RC(rc, ZOK, "get node with NULL data");
    CHECK_I64(len, -1, "get of NULL data: buffer_len");
    len = sizeof(buf);
    rc = zoo_get(g_zh, BASE "/p", 0, buf, &len, &st);
    CHECK_RC(rc, ZOK, "get node with empty data");
    CHECK_I64(len, 0, "get of empty data: buffer_len");

    /* Ephemeral. */
    rc = zoo_create2(g_zh, BASE "/eph", "e", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2 ephemeral");
    CHECK_I64(st.ephemeralOwner, cid->client_id, "ephemeral ephemeralOwner == zoo_client_id()->client_id");
    rc = zoo_exists(g_other, BASE "/eph", 0, &st2);
    CHECK_RC(rc, ZOK, "ephemeral visible from another session");
    CHECK_I64(st2.ephemeralOwner, cid->client_id, "ephemeralOwner seen from another session");
    CHECK_RC(zoo_create(g_zh, BASE "/eph/child", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0),
             ZNOCHILDRENFOREPHEMERALS, "create a child of an ephemeral node");

    /* Sequential: the %010d suffix counts the creates ever made under the parent. Apache keeps that count as the
     * persisted cversion and reports Stat.cversion = 2 * creates - numChildren (i.e. creates + deletes), so after
     * a delete the next suffix is lower than the reported cversion. */
    CHECK_RC(zoo_create(g_zh, BASE "/seq", NULL, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/seq");
    rc = zoo_create(g_zh, BASE "/seq/n-", "1", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, path,
                    sizeof(path));
    CHECK_RC(rc, ZOK, "create persistent sequential #1");
    CHECK_STR(path, BASE "/seq/n-0000000000", "first sequential name");
    rc = zoo_create(g_zh, BASE "/seq/n-", "2", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, path,
                    sizeof(path));
    CHECK_STR(path, BASE "/seq/n-0000000001", "second sequential name");
    CHECK_RC(zoo_create(g_zh, BASE "/seq/plain", "p", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create non-sequential sibling");
    CHECK_RC(zoo_delete(g_zh, BASE "/seq/plain", -1), ZOK, "delete non-sequential sibling");
    rc = zoo_create2(g_zh, BASE "/seq/e-", "3", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL_SEQUENTIAL, path,
                     sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2 ephemeral sequential");
    CHECK_STR(path, BASE "/seq/e-0000000003",
              "sequential name after a sibling create+delete (3 creates so far; reported cversion is 4)");
    CHECK_I64(st.ephemeralOwner, cid->client_id, "ephemeral sequential ephemeralOwner");
    rc = zoo_create(g_zh, BASE "/seq/", "4", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, path,
                    sizeof(path));
    CHECK_RC(rc, ZOK, "create sequential with a trailing '/' (name is just the counter)");
    CHECK(strncmp(path, BASE "/seq/", strlen(BASE "/seq/")) == 0 && is_digits(path + strlen(BASE "/seq/"), 10),
          "sequential name: expected " BASE "/seq/ + 10 digits, got \"%s\"", path);
    CHECK_STR(path, BASE "/seq/0000000004", "sequential name of an empty prefix");

    struct String_vector kids = {0, NULL};
    rc = zoo_get_children2(g_zh, BASE "/seq", 0, &kids, &st);
    CHECK_RC(rc, ZOK, "get_children2 " BASE "/seq");
    if (rc == ZOK) {
        char names[512];
        CHECK_STR(sorted_children(&kids, names, sizeof(names)), "0000000004,e-0000000003,n-0000000000,n-0000000001",
                  "children of " BASE "/seq");
        deallocate_String_vector(&kids);
    }
    CHECK_I64(st.numChildren, 4, "get_children2 Stat numChildren");
    CHECK_I64(st.cversion, 6, "get_children2 Stat cversion (5 creates + 1 delete)");
    rc = zoo_create(g_zh, BASE "/seq/n-", "5", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, path,
                    sizeof(path));
    CHECK_STR(path, BASE "/seq/n-0000000005", "sequential name after 5 creates");
    CHECK_RC(zoo_delete(g_zh, path, -1), ZOK, "delete it again");
    CHECK_RC(zoo_get_children2(g_zh, BASE "/seq", 0, &kids, &st), ZOK, "get_children2 " BASE "/seq");
    deallocate_String_vector(&kids);
    CHECK_I64(st.cversion, 8, "get_children2 Stat cversion (6 creates + 2 deletes)");
    CHECK_RC(zoo_exists(g_zh, BASE "/seq", 0, &st2), ZOK, "exists " BASE "/seq");
    CHECK(stat_equal(&st, &st2), "Stat from get_children2 and exists: expected identical");

    /* Delete: parent cversion/pzxid move, version checks, non-empty parents. */
    CHECK_RC(zoo_delete(g_zh, BASE "/seq", -1), ZNOTEMPTY, "delete of a node with children");
    CHECK_RC(zoo_delete(g_zh, BASE "/seq/n-0000000000", 5), ZBADVERSION, "delete with a wrong version");
    CHECK_RC(zoo_delete(g_zh, BASE "/seq/n-0000000000", 0), ZOK, "delete with the right version");
    CHECK_RC(zoo_delete(g_zh, BASE "/seq/n-0000000000", -1), ZNONODE, "delete of a deleted node");
    struct Stat after;
    CHECK_RC(zoo_exists(g_zh, BASE "/seq", 0, &after), ZOK, "exists " BASE "/seq after delete");
    CHECK_I64(after.cversion, st.cversion + 1, "cversion after a child delete");
    CHECK_I64(after.numChildren, st.numChildren - 1, "numChildren after a child delete");
    CHECK(after.pzxid > st.pzxid, "pzxid after a child delete: expected > %" PRId64 ", got %" PRId64, st.pzxid,
          after.pzxid);
    CHECK_I64(after.mzxid, st.mzxid, "mzxid unchanged by a child delete");
}

static void test_container_ttl(void)
{
    section("container and TTL nodes");
    char path[512];
    struct Stat st;
    static evq_t q;
    evq_init(&q, "container/ttl watches");

    int rc = zoo_create2(g_zh, BASE "/cont", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_CONTAINER, path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2 container");
    CHECK_STR(path, BASE "/cont", "container path");
    /* Internally the owner field encodes EphemeralType.CONTAINER/TTL; clients are shown 0. */
    CHECK_I64(st.ephemeralOwner, 0, "container Stat.ephemeralOwner as seen by clients");
    rc = zoo_create2(g_zh, BASE "/cont-empty", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_CONTAINER, path, sizeof(path),
                     &st);
    CHECK_RC(rc, ZOK, "create2 container that never gets children");
    CHECK_RC(zoo_create(g_zh, BASE "/cont/child", "k", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create a child in the container");

    /* TTL nodes: ephemeralOwner encodes the TTL. */
    rc = zoo_create2_ttl(g_zh, BASE "/ttl", "t", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_WITH_TTL, 300, path,
                         sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2_ttl persistent with ttl 300 ms");
    CHECK_I64(st.ephemeralOwner, 0, "TTL node Stat.ephemeralOwner as seen by clients");
    rc = zoo_create2_ttl(g_zh, BASE "/ttl-long", "t", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_WITH_TTL, 600000,
                         path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2_ttl with ttl 10 min");
    rc = zoo_create2_ttl(g_zh, BASE "/ttlseq-", "t", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL_WITH_TTL,
                         600000, path, sizeof(path), &st);
    CHECK_RC(rc, ZOK, "create2_ttl persistent sequential with ttl");
    CHECK(strncmp(path, BASE "/ttlseq-", strlen(BASE "/ttlseq-")) == 0 &&
              is_digits(path + strlen(BASE "/ttlseq-"), 10),
          "TTL sequential name: expected " BASE "/ttlseq-<10 digits>, got \"%s\"", path);
    CHECK_I64(st.ephemeralOwner, 0, "TTL sequential Stat.ephemeralOwner as seen by clients");
    CHECK_RC(zoo_exists(g_zh, BASE "/ttl", 0, &st), ZOK, "exists TTL node");
    CHECK_I64(st.ephemeralOwner, 0, "TTL node ephemeralOwner from exists");
    CHECK_RC(zoo_create(g_zh, BASE "/cont/eph", "e", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, NULL, 0), ZOK,
             "ephemeral child of a container");
    CHECK_RC(zoo_delete(g_zh, BASE "/cont/eph", -1), ZOK, "delete it again");
    CHECK_RC(zoo_create(g_zh, BASE "/ttl-long/child", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "child of a TTL node");
    CHECK_RC(zoo_delete(g_zh, BASE "/ttl-long/child", -1), ZOK, "delete it again");

    /* Watch them all, then empty the container: the server's container manager deletes it (and the short TTL node)
     * within a few check intervals; the empty-but-never-used container and the long TTL node stay. */
    CHECK_RC(zoo_wexists(g_zh, BASE "/cont", evq_watcher, &q, &st), ZOK, "exists watch on container");
    CHECK_RC(zoo_wexists(g_zh, BASE "/ttl", evq_watcher, &q, &st), ZOK, "exists watch on TTL node");
    CHECK_RC(zoo_delete(g_zh, BASE "/cont/child", -1), ZOK, "delete the container's only child");
    CHECK(evq_wait(&q, ZOO_DELETED_EVENT, -1, BASE "/cont", 15000),
          "expected the emptied container to be deleted by the server within 15 s");
    CHECK(evq_wait(&q, ZOO_DELETED_EVENT, -1, BASE "/ttl", 15000),
          "expected the 300 ms TTL node to be deleted by the server within 15 s");
    CHECK_RC(zoo_exists(g_zh, BASE "/cont", 0, &st), ZNONODE, "emptied container after cleanup");
    CHECK_RC(zoo_exists(g_zh, BASE "/ttl", 0, &st), ZNONODE, "expired TTL node after cleanup");
    CHECK_RC(zoo_exists(g_zh, BASE "/cont-empty", 0, &st), ZOK, "container that never had children is kept");
    CHECK_RC(zoo_exists(g_zh, BASE "/ttl-long", 0, &st), ZOK, "TTL node with a 10 min TTL is kept");
    zoo_delete(g_zh, BASE "/cont-empty", -1);
    zoo_delete(g_zh, BASE "/ttl-long", -1);
    zoo_delete(g_zh, path, -1);
}

static void test_get_set(void)
{
    section("get/set with versions");
    struct Stat st, st0;
    char buf[128];
    int len = sizeof(buf);

    CHECK_RC(zoo_create(g_zh, BASE "/data", "v0", 2, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/data");
    int rc = zoo_get(g_zh, BASE "/data", 0, buf, &len, &st0);
    CHECK_RC(rc, ZOK, "get " BASE "/data");
    CHECK(len == 2 && memcmp(buf, "v0", 2) == 0, "get data: expected \"v0\", got %d bytes", len);
    CHECK_I64(st0.version, 0, "version before set");

    rc = zoo_set2(g_zh, BASE "/data", "value-1", 7, 0, &st);
    CHECK_RC(rc, ZOK, "set with matching version 0");
    CHECK_I64(st.version, 1, "version after first set");
    CHECK_I64(st.dataLength, 7, "dataLength after set");
    CHECK_I64(st.czxid, st0.czxid, "czxid unchanged by set");
    CHECK(st.mzxid > st0.mzxid, "mzxid after set: expected > %" PRId64 ", got %" PRId64, st0.mzxid, st.mzxid);
    CHECK(st.mtime >= st0.mtime, "mtime after set: expected >= ctime");
    CHECK_I64(st.ctime, st0.ctime, "ctime unchanged by set");
    CHECK_I64(st.cversion, 0, "cversion unchanged by set");
    CHECK_I64(st.pzxid, st0.pzxid, "pzxid unchanged by set");

    CHECK_RC(zoo_set(g_zh, BASE "/data", "stale", 5, 0), ZBADVERSION, "set with stale version 0");
    CHECK_RC(zoo_set(g_zh, BASE "/data", "x", 1, 7), ZBADVERSION, "set with future version 7");
    rc = zoo_set2(g_zh, BASE "/data", "value-2", 7, -1, &st);
    CHECK_RC(rc, ZOK, "set with version -1");
    CHECK_I64(st.version, 2, "version after unconditional set");
    len = sizeof(buf);
    rc = zoo_get(g_zh, BASE "/data", 0, buf, &len, &st0);
    CHECK(rc == ZOK && len == 7 && memcmp(buf, "value-2", 7) == 0, "get after sets: expected \"value-2\"");
    CHECK(stat_equal(&st, &st0), "Stat from set2 and from get: expected identical");
    CHECK_RC(zoo_set(g_zh, BASE "/missing", "x", 1, -1), ZNONODE, "set on a missing node");
    len = sizeof(buf);
    CHECK_RC(zoo_get(g_zh, BASE "/missing", 0, buf, &len, &st), ZNONODE, "get of a missing node");
    CHECK_RC(zoo_exists(g_zh, BASE "/missing", 0, &st), ZNONODE, "exists of a missing node");

    /* A 512 KiB value round-trips intact. */
    const int big_len = 512 * 1024;
    char *big = malloc((size_t)big_len);
    char *back = malloc((size_t)big_len + 16);
    for (int i = 0; i < big_len; ++i)
        big[i] = (char)('a' + (i * 7 + i / 1024) % 26);
    rc = zoo_set2(g_zh, BASE "/data", big, big_len, 2, &st);
    CHECK_RC(rc, ZOK, "set 512 KiB value");
    CHECK_I64(st.dataLength, big_len, "dataLength of 512 KiB value");
    len = big_len + 16;
    rc = zoo_get(g_zh, BASE "/data", 0, back, &len, &st);
    CHECK(rc == ZOK && len == big_len && memcmp(big, back, (size_t)big_len) == 0,
          "get 512 KiB value: expected identical bytes (rc %s, %d bytes)", zerror(rc), len);
    free(big);
    free(back);
}

static void test_watches(void)
{
    section("watches");
    static evq_t dq, cq, eq;
    evq_init(&dq, "data watcher");
    evq_init(&cq, "child watcher");
    evq_init(&eq, "exists watcher");
    struct Stat st;
    char buf[64];
    int len;
    struct String_vector kids = {0, NULL};

    CHECK_RC(zoo_create(g_zh, BASE "/w", "0", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/w");

    /* Data watch fires once, for the first change only. */
    len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/w", evq_watcher, &dq, buf, &len, &st), ZOK, "wget " BASE "/w");
    CHECK_RC(zoo_wget_children2(g_zh, BASE "/w", evq_watcher, &cq, &kids, &st), ZOK,
             "wget_children2 " BASE "/w");
    deallocate_String_vector(&kids);
    CHECK_RC(zoo_set(g_zh, BASE "/w", "1", 1, -1), ZOK, "set #1");
    CHECK(evq_wait(&dq, ZOO_CHANGED_EVENT, ZOO_CONNECTED_STATE, BASE "/w", 10000),
          "expected a CHANGED event for " BASE "/w after set");
    CHECK_RC(zoo_set(g_zh, BASE "/w", "2", 1, -1), ZOK, "set #2");
    settle(g_zh);
    CHECK_EVENTS(&dq, ZOO_CHANGED_EVENT, BASE "/w", 1, "data watch after two sets (one-shot)");
    CHECK_EVENTS(&cq, ZOO_CHILD_EVENT, NULL, 0, "child watch after data changes only");

    /* Child watch fires once for child creations, not for the child's data changes. */
    CHECK_RC(zoo_create(g_zh, BASE "/w/a", "a", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create child a");
    CHECK(evq_wait(&cq, ZOO_CHILD_EVENT, ZOO_CONNECTED_STATE, BASE "/w", 10000),
          "expected a CHILD event for " BASE "/w after a child create");
    CHECK_RC(zoo_create(g_zh, BASE "/w/b", "b", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create child b");
    settle(g_zh);
    CHECK_EVENTS(&cq, ZOO_CHILD_EVENT, BASE "/w", 1, "child watch after two child creates (one-shot)");
    CHECK_EVENTS(&dq, ZOO_CHANGED_EVENT, BASE "/w", 1, "data watch unaffected by child creates");

    /* Global watcher (watch flag = 1) on the other handle, plus the same node watched by both sessions. */
    evq_clear(&g_otherq);
    len = sizeof(buf);
    CHECK_RC(zoo_get(g_other, BASE "/w/a", 1, buf, &len, &st), ZOK, "get with watch=1 on the other handle");
    evq_clear(&dq);
    len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/w/a", evq_watcher, &dq, buf, &len, &st), ZOK, "wget " BASE "/w/a");
    CHECK_RC(zoo_set(g_zh, BASE "/w/a", "a2", 2, -1), ZOK, "set " BASE "/w/a");
    CHECK(evq_wait(&g_otherq, ZOO_CHANGED_EVENT, -1, BASE "/w/a", 10000),
          "expected the other handle's global watcher to get CHANGED " BASE "/w/a");
    CHECK(evq_wait(&dq, ZOO_CHANGED_EVENT, -1, BASE "/w/a", 10000),
          "expected this handle's watcher to get CHANGED " BASE "/w/a");

    /* Exists watch on a missing node: CREATED once (the later delete does not fire it again). */
    CHECK_RC(zoo_wexists(g_zh, BASE "/w/later", evq_watcher, &eq, &st), ZNONODE, "wexists of a missing node");
    CHECK_RC(zoo_create(g_zh, BASE "/w/later", "l", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/w/later");
    CHECK(evq_wait(&eq, ZOO_CREATED_EVENT, -1, BASE "/w/later", 10000),
          "expected a CREATED event from the exists watch");
    CHECK_RC(zoo_delete(g_zh, BASE "/w/later", -1), ZOK, "delete " BASE "/w/later");
    settle(g_zh);
    CHECK_EVENTS(&eq, ZOO_CREATED_EVENT, BASE "/w/later", 1, "exists watch (one-shot)");
    CHECK_EVENTS(&eq, ZOO_DELETED_EVENT, BASE "/w/later", 0, "exists watch already consumed by the create");

    /* Delete: the data watcher and the child watcher of the deleted node both get DELETED; the parent's child
     * watcher gets CHILD. */
    static evq_t ddq, dcq, pq;
    evq_init(&ddq, "deleted-node data watcher");
    evq_init(&dcq, "deleted-node child watcher");
    evq_init(&pq, "parent child watcher");
    len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/w/b", evq_watcher, &ddq, buf, &len, &st), ZOK, "wget " BASE "/w/b");
    CHECK_RC(zoo_wget_children2(g_zh, BASE "/w/b", evq_watcher, &dcq, &kids, &st), ZOK,
             "wget_children2 " BASE "/w/b");
    deallocate_String_vector(&kids);
    CHECK_RC(zoo_wget_children2(g_zh, BASE "/w", evq_watcher, &pq, &kids, &st), ZOK, "wget_children2 " BASE "/w");
    deallocate_String_vector(&kids);
    CHECK_RC(zoo_delete(g_zh, BASE "/w/b", -1), ZOK, "delete " BASE "/w/b");
    CHECK(evq_wait(&ddq, ZOO_DELETED_EVENT, -1, BASE "/w/b", 10000), "expected DELETED on the data watch");
    CHECK(evq_wait(&dcq, ZOO_DELETED_EVENT, -1, BASE "/w/b", 10000), "expected DELETED on the child watch");
    CHECK(evq_wait(&pq, ZOO_CHILD_EVENT, -1, BASE "/w", 10000), "expected CHILD on the parent's child watch");
    settle(g_zh);
    CHECK_EVENTS(&ddq, ZOO_DELETED_EVENT, BASE "/w/b", 1, "data watch on deleted node");
    CHECK_EVENTS(&dcq, ZOO_DELETED_EVENT, BASE "/w/b", 1, "child watch on deleted node");
    CHECK_EVENTS(&dcq, ZOO_CHILD_EVENT, NULL, 0, "child watch on deleted node gets no CHILD event");

    /* Removing a data watch at the server (REMOVE_WATCHES): a later change is not delivered; removing again says
     * ZNOWATCHER. */
    static evq_t rq;
    evq_init(&rq, "removed watcher");
    len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/w/a", evq_watcher, &rq, buf, &len, &st), ZOK, "wget before remove");
    CHECK_RC(zoo_remove_watches(g_zh, BASE "/w/a", ZWATCHTYPE_DATA, evq_watcher, &rq, 0), ZOK,
             "remove_watches (data) at the server");
    CHECK_RC(zoo_set(g_zh, BASE "/w/a", "a3", 2, -1), ZOK, "set after watch removal");
    settle(g_zh);
    CHECK_EVENTS(&rq, ZOO_CHANGED_EVENT, BASE "/w/a", 0, "removed watch");
    CHECK_RC(zoo_remove_watches(g_zh, BASE "/w/a", ZWATCHTYPE_DATA, evq_watcher, &rq, 0), ZNOWATCHER,
             "remove_watches when no watch is set");
    /* Child-watch removal for a watch set on the other handle (server side bookkeeping per session). */
    CHECK_RC(zoo_wget_children2(g_other, BASE "/w", evq_watcher, &rq, &kids, &st), ZOK, "other: wget_children2");
    deallocate_String_vector(&kids);
    CHECK_RC(zoo_remove_all_watches(g_other, BASE "/w", ZWATCHTYPE_ANY, 0), ZOK,
             "other: remove_all_watches (any) at the server");
    CHECK_RC(zoo_create(g_zh, BASE "/w/c", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create child c after the other handle removed its child watch");
    settle(g_other);
    CHECK_EVENTS(&rq, ZOO_CHILD_EVENT, BASE "/w", 0, "removed child watch");
}

/* ---- async API ---- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done;
    int order[16];
    int rcs[16];
    char strs[16][128];
    struct Stat stats[16];
    int value_len;
    char value[64];
} async_log_t;

typedef struct {
    async_log_t *log;
    int index;
} async_tag_t;

static void async_record(async_tag_t *tag, int rc, const char *str, const struct Stat *st)
{
    async_log_t *log = tag->log;
    pthread_mutex_lock(&log->mu);
    log->order[log->done] = tag->index;
    log->rcs[tag->index] = rc;
    if (str)
        snprintf(log->strs[tag->index], sizeof(log->strs[tag->index]), "%s", str);
    if (st)
        log->stats[tag->index] = *st;
    log->done++;
    pthread_cond_broadcast(&log->cv);
    pthread_mutex_unlock(&log->mu);
}

static void async_string_cb(int rc, const char *value, const void *data)
{
    async_record((async_tag_t *)data, rc, value, NULL);
}

static void async_stat_cb(int rc, const struct Stat *stat, const void *data)
{
    async_record((async_tag_t *)data, rc, NULL, rc == ZOK ? stat : NULL);
}

static void async_data_cb(int rc, const char *value, int value_len, const struct Stat *stat, const void *data)
{
    async_tag_t *tag = (async_tag_t *)data;
    pthread_mutex_lock(&tag->log->mu);
    tag->log->value_len = value_len;
    if (value && value_len > 0 && value_len < (int)sizeof(tag->log->value))
        memcpy(tag->log->value, value, (size_t)value_len);
    pthread_mutex_unlock(&tag->log->mu);
    async_record(tag, rc, NULL, rc == ZOK ? stat : NULL);
}

static void async_void_cb(int rc, const void *data)
{
    async_record((async_tag_t *)data, rc, NULL, NULL);
}

static bool async_wait(async_log_t *log, int n, int timeout_ms)
{
    struct timespec deadline;
    deadline_ts(&deadline, timeout_ms);
    pthread_mutex_lock(&log->mu);
    while (log->done < n)
        if (pthread_cond_timedwait(&log->cv, &log->mu, &deadline) == ETIMEDOUT)
            break;
    bool ok = log->done >= n;
    pthread_mutex_unlock(&log->mu);
    return ok;
}

static void test_async(void)
{
    section("async API (FIFO completion order)");
    static async_log_t log;
    memset(&log, 0, sizeof(log));
    pthread_mutex_init(&log.mu, NULL);
    pthread_cond_init(&log.cv, NULL);
    static async_tag_t tags[10];
    for (int i = 0; i < 10; ++i) {
        tags[i].log = &log;
        tags[i].index = i;
    }
    int n = 0;
    CHECK_RC(zoo_acreate(g_zh, BASE "/async", "a0", 2, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, async_string_cb,
                         &tags[n++]),
             ZOK, "acreate submitted");
    for (int i = 0; i < 4; ++i) {
        char v[8];
        snprintf(v, sizeof(v), "a%d", i + 1);
        CHECK_RC(zoo_aset(g_zh, BASE "/async", v, 2, i, async_stat_cb, &tags[n++]), ZOK, "aset submitted");
    }
    CHECK_RC(zoo_aset(g_zh, BASE "/async", "bad", 3, 0, async_stat_cb, &tags[n++]), ZOK,
             "aset with stale version submitted");
    CHECK_RC(zoo_aget(g_zh, BASE "/async", 0, async_data_cb, &tags[n++]), ZOK, "aget submitted");
    CHECK_RC(zoo_aexists(g_zh, BASE "/async-missing", 0, async_stat_cb, &tags[n++]), ZOK, "aexists submitted");
    CHECK_RC(zoo_async(g_zh, BASE "/async", async_string_cb, &tags[n++]), ZOK, "async (sync) submitted");
    CHECK_RC(zoo_adelete(g_zh, BASE "/async", 4, async_void_cb, &tags[n++]), ZOK, "adelete submitted");
    if (!CHECK(async_wait(&log, n, 15000), "expected %d async completions within 15 s, got %d", n, log.done))
        return;
    bool in_order = true;
    for (int i = 0; i < n; ++i)
        in_order = in_order && log.order[i] == i;
    CHECK(in_order, "async completions: expected submission order 0..%d", n - 1);
    CHECK_RC(log.rcs[0], ZOK, "acreate completion");
    CHECK_STR(log.strs[0], BASE "/async", "acreate completion path");
    for (int i = 1; i <= 4; ++i) {
        CHECK_RC(log.rcs[i], ZOK, "aset completion");
        CHECK_I64(log.stats[i].version, i, "aset completion Stat version");
    }
    CHECK_RC(log.rcs[5], ZBADVERSION, "aset with stale version completion");
    CHECK_RC(log.rcs[6], ZOK, "aget completion");
    CHECK(log.value_len == 2 && memcmp(log.value, "a4", 2) == 0, "aget value: expected \"a4\" (len %d)",
          log.value_len);
    CHECK_I64(log.stats[6].version, 4, "aget Stat version");
    CHECK_RC(log.rcs[7], ZNONODE, "aexists of a missing node completion");
    CHECK_RC(log.rcs[8], ZOK, "async (sync) completion");
    CHECK_STR(log.strs[8], BASE "/async", "sync completion path");
    CHECK_RC(log.rcs[9], ZOK, "adelete with version 4 completion");
}

static void test_multi(void)
{
    section("multi");
    struct Stat st;
    static evq_t q;
    evq_init(&q, "multi watcher");
    CHECK_RC(zoo_create(g_zh, BASE "/m", NULL, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/m");
    CHECK_RC(zoo_create(g_zh, BASE "/m/x", "x", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/m/x");
    char buf[16];
    int len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/m/x", evq_watcher, &q, buf, &len, &st), ZOK, "wget " BASE "/m/x");

    /* Success: create, create sequential, set, check, delete. */
    zoo_op_t ops[5];
    zoo_op_result_t results[5];
    char p0[128], p1[128];
    struct Stat set_stat;
    zoo_create_op_init(&ops[0], BASE "/m/a", "A", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, p0, sizeof(p0));
    zoo_create_op_init(&ops[1], BASE "/m/s-", "S", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, p1,
                       sizeof(p1));
    zoo_set_op_init(&ops[2], BASE "/m/x", "x1", 2, 0, &set_stat);
    zoo_check_op_init(&ops[3], BASE "/m/x", 1);
    zoo_delete_op_init(&ops[4], BASE "/m/a", 0);
    memset(results, 0, sizeof(results));
    int rc = zoo_multi(g_zh, 5, ops, results);
    CHECK_RC(rc, ZOK, "multi create+create(seq)+set+check+delete");
    for (int i = 0; i < 5; ++i) {
        char what[64];
        snprintf(what, sizeof(what), "successful multi: result[%d]", i);
        CHECK_RC(results[i].err, ZOK, what);
    }
    CHECK_STR(p0, BASE "/m/a", "multi create result path");
    CHECK_STR(p1, BASE "/m/s-0000000002", "multi sequential create result path (parent cversion 2)");
    CHECK_I64(set_stat.version, 1, "multi set result Stat version");
    CHECK_RC(zoo_exists(g_zh, BASE "/m/a", 0, &st), ZNONODE, "node created and deleted in the same multi");
    CHECK_RC(zoo_exists(g_zh, BASE "/m/s-0000000002", 0, &st), ZOK, "sequential node from multi");
    CHECK(evq_wait(&q, ZOO_CHANGED_EVENT, -1, BASE "/m/x", 10000), "expected CHANGED from the multi's set");
    rc = zoo_exists(g_zh, BASE "/m", 0, &st);
    CHECK_I64(st.cversion, 4, "parent cversion after multi with 3 child changes + 1 earlier create");

    /* Failure in the middle: nothing applied; earlier ops ZOK, failing op its code, later ops
     * ZRUNTIMEINCONSISTENCY. */
    evq_clear(&q);
    len = sizeof(buf);
    CHECK_RC(zoo_wget(g_zh, BASE "/m/x", evq_watcher, &q, buf, &len, &st), ZOK, "wget " BASE "/m/x again");
    zoo_op_t fops[4];
    zoo_op_result_t fres[4];
    zoo_create_op_init(&fops[0], BASE "/m/new", "N", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0);
    zoo_set_op_init(&fops[1], BASE "/m/x", "x2", 2, -1, NULL);
    zoo_check_op_init(&fops[2], BASE "/m/x", 99);
    zoo_delete_op_init(&fops[3], BASE "/m/s-0000000002", -1);
    memset(fres, 0, sizeof(fres));
    rc = zoo_multi(g_zh, 4, fops, fres);
    CHECK_RC(rc, ZBADVERSION, "multi whose check op has a wrong version");
    CHECK_RC(fres[0].err, ZOK, "failed multi: result[0] (create before the failure)");
    CHECK_RC(fres[1].err, ZOK, "failed multi: result[1] (set before the failure)");
    CHECK_RC(fres[2].err, ZBADVERSION, "failed multi: result[2] (the failing check)");
    CHECK_RC(fres[3].err, ZRUNTIMEINCONSISTENCY, "failed multi: result[3] (after the failure)");
    CHECK_RC(zoo_exists(g_zh, BASE "/m/new", 0, &st), ZNONODE, "create from a failed multi not applied");
    CHECK_RC(zoo_exists(g_zh, BASE "/m/s-0000000002", 0, &st), ZOK, "delete from a failed multi not applied");
    len = sizeof(buf);
    rc = zoo_get(g_zh, BASE "/m/x", 0, buf, &len, &st);
    CHECK(rc == ZOK && len == 2 && memcmp(buf, "x1", 2) == 0 && st.version == 1,
          "set from a failed multi not applied: expected \"x1\" version 1, got version %d", st.version);
    settle(g_zh);
    CHECK_EVENTS(&q, ZOO_CHANGED_EVENT, BASE "/m/x", 0, "watch after a failed multi");

    /* Failure at the first op. */
    zoo_delete_op_init(&fops[0], BASE "/m/missing", -1);
    zoo_create_op_init(&fops[1], BASE "/m/new2", "N", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0);
    memset(fres, 0, sizeof(fres));
    rc = zoo_multi(g_zh, 2, fops, fres);
    CHECK_RC(rc, ZNONODE, "multi whose first op deletes a missing node");
    CHECK_RC(fres[0].err, ZNONODE, "failed multi: result[0] (the failing delete)");
    CHECK_RC(fres[1].err, ZRUNTIMEINCONSISTENCY, "failed multi: result[1] (after the failure)");
    CHECK_RC(zoo_exists(g_zh, BASE "/m/new2", 0, &st), ZNONODE, "create after a failing first op not applied");

    /* Failure at the last op: a create of an existing node. */
    zoo_set_op_init(&fops[0], BASE "/m/x", "x3", 2, 1, NULL);
    zoo_create_op_init(&fops[1], BASE "/m/x", "dup", 3, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0);
    memset(fres, 0, sizeof(fres));
    rc = zoo_multi(g_zh, 2, fops, fres);
    CHECK_RC(rc, ZNODEEXISTS, "multi whose last op creates an existing node");
    CHECK_RC(fres[0].err, ZOK, "failed multi: result[0] (set before the failure)");
    CHECK_RC(fres[1].err, ZNODEEXISTS, "failed multi: result[1] (the failing create)");

    /* Empty multi. */
    CHECK_RC(zoo_multi(g_zh, 0, fops, fres), ZOK, "empty multi");

    /* Async multi. */
    waiter_t w;
    waiter_init(&w);
    zoo_op_t aops[2];
    zoo_op_result_t ares[2];
    zoo_check_op_init(&aops[0], BASE "/m/x", 1);
    zoo_set_op_init(&aops[1], BASE "/m/x", "x4", 2, 1, NULL);
    CHECK_RC(zoo_amulti(g_zh, 2, aops, ares, void_completion, &w), ZOK, "amulti submitted");
    if (!waiter_wait(&w, 10000))
        die("expected the amulti completion within 10 s"); /* w/ares live on this stack frame */
    CHECK_RC(w.rc, ZOK, "amulti check+set completion");
    CHECK_RC(ares[0].err, ZOK, "amulti result[0]");
    CHECK_RC(ares[1].err, ZOK, "amulti result[1]");
}

static bool acl_has(const struct ACL_vector *acl, int perms, const char *scheme, const char *id)
{
    for (int i = 0; i < acl->count; ++i)
        if (acl->data[i].perms == perms && strcmp(acl->data[i].id.scheme, scheme) == 0 &&
            strcmp(acl->data[i].id.id, id) == 0)
            return true;
    return false;
}

static void dump_acl(const char *what, const struct ACL_vector *acl)
{
    printf("       %s:", what);
    for (int i = 0; i < acl->count; ++i)
        printf(" {perms %d %s:%s}", acl->data[i].perms, acl->data[i].id.scheme, acl->data[i].id.id);
    printf("\n");
}

static void test_acl(void)
{
    section("ACLs and auth");
    struct Stat st;
    struct ACL_vector acl;
    char buf[64];
    int len;

    /* CREATOR_ALL without any authentication: the "auth" id has nothing to expand to. */
    CHECK_RC(zoo_create(g_other, BASE "/acl-noauth", "x", 1, &ZOO_CREATOR_ALL_ACL, ZOO_PERSISTENT, NULL, 0),
             ZINVALIDACL, "create with CREATOR_ALL_ACL on an unauthenticated session");

    static evq_t aq;
    evq_init(&aq, "alice handle");
    zhandle_t *alice = open_handle(&aq, 3000, "alice handle");
    if (!alice)
        return;
    CHECK_RC(add_auth_sync(alice, "digest", ALICE_CRED), ZOK, "add_auth digest alice");
    CHECK_RC(zoo_create(alice, BASE "/acl", "secret", 6, &ZOO_CREATOR_ALL_ACL, ZOO_PERSISTENT, NULL, 0), ZOK,
             "alice creates " BASE "/acl with CREATOR_ALL_ACL");
    int rc = zoo_get_acl(alice, BASE "/acl", &acl, &st);
    CHECK_RC(rc, ZOK, "get_acl " BASE "/acl");
    if (rc == ZOK) {
        if (!CHECK(acl.count == 1 && acl_has(&acl, ZOO_PERM_ALL, "digest", ALICE_DIGEST_ID),
                   "ACL of CREATOR_ALL node: expected exactly {31 digest:" ALICE_DIGEST_ID "}"))
            dump_acl("got", &acl);
        deallocate_ACL_vector(&acl);
    }
    CHECK_I64(st.aversion, 0, "aversion of a new node");

    /* Unauthenticated session. */
    len = sizeof(buf);
    CHECK_RC(zoo_get(g_other, BASE "/acl", 0, buf, &len, &st), ZNOAUTH, "unauthenticated get");
    CHECK_RC(zoo_set(g_other, BASE "/acl", "y", 1, -1), ZNOAUTH, "unauthenticated set");
    CHECK_RC(zoo_create(g_other, BASE "/acl/child", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZNOAUTH,
             "unauthenticated create of a child");
    struct String_vector kids = {0, NULL};
    CHECK_RC(zoo_get_children(g_other, BASE "/acl", 0, &kids), ZNOAUTH, "unauthenticated get_children");
    CHECK_RC(zoo_exists(g_other, BASE "/acl", 0, &st), ZOK, "unauthenticated exists (no ACL check)");
    CHECK_RC(zoo_get_acl(g_other, BASE "/acl", &acl, &st), ZNOAUTH,
             "unauthenticated get_acl (needs READ or ADMIN since 3.6)");
    CHECK_RC(zoo_set_acl(g_other, BASE "/acl", -1, &ZOO_OPEN_ACL_UNSAFE), ZNOAUTH, "unauthenticated set_acl");

    /* Wrong password, then the right one, on a fresh session. */
    static evq_t mq;
    evq_init(&mq, "mallory handle");
    zhandle_t *mallory = open_handle(&mq, 3000, "second auth handle");
    if (mallory) {
        CHECK_RC(add_auth_sync(mallory, "digest", "alice:wrong"), ZOK,
                 "add_auth digest with a wrong password (digest auth always accepts)");
        len = sizeof(buf);
        CHECK_RC(zoo_get(mallory, BASE "/acl", 0, buf, &len, &st), ZNOAUTH, "get with a wrong password");
        CHECK_RC(add_auth_sync(mallory, "digest", ALICE_CRED), ZOK, "add_auth digest with the right password");
        len = sizeof(buf);
        rc = zoo_get(mallory, BASE "/acl", 0, buf, &len, &st);
        CHECK_RC(rc, ZOK, "get after adding the right credentials");
        CHECK(rc == ZOK && len == 6 && memcmp(buf, "secret", 6) == 0, "get data: expected \"secret\"");
        zookeeper_close(mallory);
    }

    /* Explicit digest ACLs: bob may read, alice may do anything. */
    struct ACL entries[2];
    entries[0].perms = ZOO_PERM_READ;
    entries[0].id.scheme = "digest";
    entries[0].id.id = BOB_DIGEST_ID;
    entries[1].perms = ZOO_PERM_ALL;
    entries[1].id.scheme = "digest";
    entries[1].id.id = ALICE_DIGEST_ID;
    struct ACL_vector mixed = {2, entries};
    CHECK_RC(zoo_create(alice, BASE "/acl2", "two", 3, &mixed, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create with explicit digest ACL");
    static evq_t bq;
    evq_init(&bq, "bob handle");
    zhandle_t *bob = open_handle(&bq, 3000, "bob handle");
    if (bob) {
        CHECK_RC(add_auth_sync(bob, "digest", BOB_CRED), ZOK, "add_auth digest bob");
        len = sizeof(buf);
        CHECK_RC(zoo_get(bob, BASE "/acl2", 0, buf, &len, &st), ZOK, "bob reads with READ permission");
        CHECK_RC(zoo_set(bob, BASE "/acl2", "b", 1, -1), ZNOAUTH, "bob writes without WRITE permission");
        CHECK_RC(zoo_delete(bob, BASE "/acl2", -1), ZOK,
                 "bob deletes " BASE "/acl2 (DELETE is checked on the parent, which is world-open)");
        zookeeper_close(bob);
    }

    /* ip ACL for 127.0.0.1 with READ, world READ-only ACL. */
    struct ACL ip_entry = {ZOO_PERM_READ, {"ip", "127.0.0.1"}};
    struct ACL_vector ip_acl = {1, &ip_entry};
    CHECK_RC(zoo_create(g_zh, BASE "/acl-ip", "ip", 2, &ip_acl, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create with ip:127.0.0.1 READ ACL");
    len = sizeof(buf);
    CHECK_RC(zoo_get(g_other, BASE "/acl-ip", 0, buf, &len, &st), ZOK, "read from 127.0.0.1 with ip ACL");
    CHECK_RC(zoo_set(g_other, BASE "/acl-ip", "x", 1, -1), ZNOAUTH, "write with ip READ-only ACL");
    CHECK_RC(zoo_create(g_zh, BASE "/acl-ro", "ro", 2, &ZOO_READ_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create with READ_ACL_UNSAFE");
    len = sizeof(buf);
    CHECK_RC(zoo_get(g_other, BASE "/acl-ro", 0, buf, &len, &st), ZOK, "read world-readable node");
    CHECK_RC(zoo_set(g_other, BASE "/acl-ro", "x", 1, -1), ZNOAUTH, "write world-read-only node");
    CHECK_RC(zoo_set_acl(g_other, BASE "/acl-ro", -1, &ZOO_OPEN_ACL_UNSAFE), ZNOAUTH,
             "set_acl without ADMIN permission");

    /* set_acl with versions: aversion moves, version/cversion do not. */
    CHECK_RC(zoo_create(g_zh, BASE "/acl3", "v", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/acl3");
    const int rwa = ZOO_PERM_READ | ZOO_PERM_WRITE | ZOO_PERM_ADMIN;
    struct ACL rwa_entry = {rwa, {"world", "anyone"}};
    struct ACL_vector rwa_acl = {1, &rwa_entry};
    CHECK_RC(zoo_set_acl(g_zh, BASE "/acl3", 0, &rwa_acl), ZOK, "set_acl (world READ|WRITE|ADMIN) with aversion 0");
    rc = zoo_get_acl(g_zh, BASE "/acl3", &acl, &st);
    CHECK_RC(rc, ZOK, "get_acl after set_acl");
    if (rc == ZOK) {
        if (!CHECK(acl.count == 1 && acl_has(&acl, rwa, "world", "anyone"),
                   "ACL after set_acl: expected exactly {19 world:anyone}"))
            dump_acl("got", &acl);
        deallocate_ACL_vector(&acl);
    }
    CHECK_I64(st.aversion, 1, "aversion after set_acl");
    CHECK_I64(st.version, 0, "version unchanged by set_acl");
    CHECK_I64(st.cversion, 0, "cversion unchanged by set_acl");
    CHECK_RC(zoo_set_acl(g_zh, BASE "/acl3", 0, &ZOO_OPEN_ACL_UNSAFE), ZBADVERSION, "set_acl with stale aversion");
    struct ACL_vector empty_acl = {0, NULL};
    CHECK_RC(zoo_set_acl(g_zh, BASE "/acl3", -1, &empty_acl), ZINVALIDACL, "set_acl with an empty ACL list");
    CHECK_RC(zoo_create(g_zh, BASE "/acl3/child", "c", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZNOAUTH,
             "create a child without CREATE permission");
    CHECK_RC(zoo_set(g_zh, BASE "/acl3", "w", 1, 0), ZOK, "set with WRITE permission");
    CHECK_RC(zoo_set_acl(g_zh, BASE "/acl3", 1, &ZOO_READ_ACL_UNSAFE), ZOK, "set_acl to READ only with aversion 1");
    CHECK_RC(zoo_set_acl(g_zh, BASE "/acl3", 7, &ZOO_OPEN_ACL_UNSAFE), ZNOAUTH,
             "set_acl without ADMIN and with a wrong aversion (the ACL check comes first)");
    CHECK_RC(zoo_set(g_zh, BASE "/acl3", "w", 1, 7), ZNOAUTH,
             "set without WRITE and with a wrong version (the ACL check comes first)");
    CHECK_RC(zoo_exists(g_zh, BASE "/acl3", 0, &st), ZOK, "exists " BASE "/acl3");
    CHECK_I64(st.aversion, 2, "aversion after two set_acl calls");
    CHECK_I64(st.version, 1, "version after one set");
    CHECK_RC(zoo_set_acl(g_zh, BASE "/missing", -1, &ZOO_OPEN_ACL_UNSAFE), ZNONODE, "set_acl on a missing node");
    CHECK_RC(zoo_get_acl(g_zh, BASE "/missing", &acl, &st), ZNONODE, "get_acl on a missing node");
    CHECK_RC(zoo_get_acl(g_zh, "/", &acl, &st), ZOK, "get_acl /");
    if (st.aversion == 0 && acl.count > 0) {
        CHECK(acl.count == 1 && acl_has(&acl, ZOO_PERM_ALL, "world", "anyone"), "ACL of /: expected world:anyone ALL");
        deallocate_ACL_vector(&acl);
    }

    /* Authentication with an unknown scheme fails and ends the session: AUTH_FAILED state. */
    static evq_t fq;
    evq_init(&fq, "auth-failed handle");
    zhandle_t *bad = open_handle(&fq, 3000, "auth-failed handle");
    if (bad) {
        CHECK_RC(add_auth_sync(bad, "nosuchscheme", "whatever"), ZAUTHFAILED, "add_auth with an unknown scheme");
        CHECK(evq_wait(&fq, ZOO_SESSION_EVENT, ZOO_AUTH_FAILED_STATE, NULL, 10000),
              "expected an AUTH_FAILED session event after a failed add_auth");
        CHECK(zoo_state(bad) == ZOO_AUTH_FAILED_STATE, "state after auth failure: expected AUTH_FAILED, got %s",
              state_name(zoo_state(bad)));
        zookeeper_close(bad);
    }

    /* Clean-up of alice's node needs alice (DELETE on the parent is open, but the child list needs READ). */
    CHECK_RC(zoo_delete(alice, BASE "/acl", -1), ZOK, "alice deletes " BASE "/acl");
    zookeeper_close(alice);
}

static void test_chroot(void)
{
    section("chroot");
    char hosts[512];
    snprintf(hosts, sizeof(hosts), "%s%s", g_connect, BASE "/chroot");
    CHECK_RC(zoo_create(g_zh, BASE "/chroot", NULL, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create chroot base");
    static evq_t q, wq;
    evq_init(&q, "chroot handle");
    evq_init(&wq, "chroot watcher");
    zhandle_t *zh = open_handle_to(hosts, &q, 3000, NULL, "chroot handle");
    if (!zh)
        return;
    char path[256];
    struct Stat st;
    int rc = zoo_create(zh, "/node", "n", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_SEQUENTIAL, path, sizeof(path));
    CHECK_RC(rc, ZOK, "create through chroot");
    CHECK_STR(path, "/node0000000000", "path returned through chroot");
    CHECK_RC(zoo_exists(g_zh, BASE "/chroot/node0000000000", 0, &st), ZOK, "chrooted node at its full path");
    CHECK_RC(zoo_wexists(zh, "/node0000000000", evq_watcher, &wq, &st), ZOK, "wexists through chroot");
    CHECK_RC(zoo_set(g_zh, BASE "/chroot/node0000000000", "m", 1, -1), ZOK, "set at the full path");
    CHECK(evq_wait(&wq, ZOO_CHANGED_EVENT, -1, "/node0000000000", 10000),
          "expected CHANGED with the chroot-relative path /node0000000000");
    zoo_op_t ops[2];
    zoo_op_result_t res[2];
    char p0[128];
    zoo_create_op_init(&ops[0], "/m", "m", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, p0, sizeof(p0));
    zoo_delete_op_init(&ops[1], "/node0000000000", -1);
    rc = zoo_multi(zh, 2, ops, res);
    CHECK_RC(rc, ZOK, "multi through chroot");
    CHECK_STR(p0, "/m", "multi create path through chroot");
    CHECK_RC(zoo_exists(g_zh, BASE "/chroot/m", 0, &st), ZOK, "multi-created node at its full path");
    zookeeper_close(zh);
}

static void test_ephemeral_close(void)
{
    section("ephemerals end with the session");
    static evq_t aq, wq;
    evq_init(&aq, "closing handle");
    evq_init(&wq, "observer watcher");
    zhandle_t *zh = open_handle(&aq, 3000, "closing handle");
    if (!zh)
        return;
    int64_t owner = zoo_client_id(zh)->client_id;
    char seqpath[256];
    struct Stat st;
    CHECK_RC(zoo_create(zh, BASE "/gone", "g", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, NULL, 0), ZOK,
             "create ephemeral " BASE "/gone");
    CHECK_RC(zoo_create(zh, BASE "/gone-seq-", "g", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL_SEQUENTIAL, seqpath,
                        sizeof(seqpath)),
             ZOK, "create ephemeral sequential");
    int rc = zoo_wexists(g_other, BASE "/gone", evq_watcher, &wq, &st);
    CHECK_RC(rc, ZOK, "other handle sees the ephemeral");
    CHECK_I64(st.ephemeralOwner, owner, "ephemeralOwner seen by the other handle");
    CHECK_RC(zoo_wexists(g_other, seqpath, evq_watcher, &wq, &st), ZOK, "other handle sees the ephemeral seq");
    CHECK_RC(zookeeper_close(zh), ZOK, "zookeeper_close");
    CHECK(evq_wait(&wq, ZOO_DELETED_EVENT, -1, BASE "/gone", 10000),
          "expected DELETED " BASE "/gone on the other handle after close");
    CHECK(evq_wait(&wq, ZOO_DELETED_EVENT, -1, seqpath, 10000),
          "expected DELETED for the ephemeral sequential node after close");
    CHECK_RC(zoo_exists(g_other, BASE "/gone", 0, &st), ZNONODE, "ephemeral after its session closed");
    CHECK_RC(zoo_exists(g_other, seqpath, 0, &st), ZNONODE, "ephemeral sequential after its session closed");
}

/* Starts this program in --hold-ephemeral mode; returns its pid and fills id/password. */
static pid_t spawn_holder(const char *self, const char *path, int timeout_ms, clientid_t *cid)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    char timeout_arg[16];
    snprintf(timeout_arg, sizeof(timeout_arg), "%d", timeout_ms);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* Only async-signal-safe calls between fork and exec. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(fds[1], STDOUT_FILENO);
        for (int fd = 3; fd < 1024; ++fd) /* do not inherit the parent's ZooKeeper sockets */
            close(fd);
        char *const argv[] = {(char *)self, "--hold-ephemeral", (char *)path, timeout_arg, NULL};
        execv(self, argv);
        _exit(127);
    }
    close(fds[1]);
    char line[256];
    size_t used = 0;
    int64_t deadline = now_ms() + 15000;
    while (used < sizeof(line) - 1 && memchr(line, '\n', used) == NULL) {
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int left = (int)(deadline - now_ms());
        if (left <= 0 || poll(&pfd, 1, left) <= 0)
            break;
        ssize_t n = read(fds[0], line + used, sizeof(line) - 1 - used);
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    close(fds[0]);
    line[used] = '\0';
    unsigned long long id = 0;
    char pw[64] = "";
    if (sscanf(line, "SESSION %llx %32s", &id, pw) != 2 || strlen(pw) != 32) {
        printf("       holder output: \"%s\"\n", line);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    cid->client_id = (int64_t)id;
    for (int i = 0; i < 16; ++i) {
        unsigned int byte = 0;
        sscanf(pw + 2 * i, "%2x", &byte);
        cid->passwd[i] = (char)byte;
    }
    return pid;
}

static void test_session_expiry(const char *self)
{
    section("session expiry");
    struct Stat st;
    CHECK_RC(zoo_create(g_zh, BASE "/expire", NULL, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0), ZOK,
             "create " BASE "/expire");

    /* (1) A client process that dies without closing: its session lapses after the negotiated timeout and the
     * server removes its ephemeral. Connection loss alone must not remove it. */
    clientid_t dead;
    memset(&dead, 0, sizeof(dead));
    const int timeout = 1000;
    pid_t holder = spawn_holder(self, BASE "/expire/holder", timeout, &dead);
    if (CHECK(holder > 0, "expected the --hold-ephemeral child to report its session")) {
        static evq_t wq;
        evq_init(&wq, "expiry watcher");
        int rc = zoo_wexists(g_zh, BASE "/expire/holder", evq_watcher, &wq, &st);
        CHECK_RC(rc, ZOK, "child's ephemeral exists");
        CHECK_I64(st.ephemeralOwner, dead.client_id, "child's ephemeral owner is the reported session");
        int64_t killed_at = now_ms();
        kill(holder, SIGKILL);
        waitpid(holder, NULL, 0);
        int64_t deleted_at = evq_wait_n(&wq, ZOO_DELETED_EVENT, -1, BASE "/expire/holder", 1, 20000);
        if (CHECK(deleted_at >= 0, "expected the dead client's ephemeral to be deleted within 20 s")) {
            int64_t after = deleted_at - killed_at;
            CHECK(after >= timeout / 3, "ephemeral deleted %" PRId64 " ms after the client died: expected at least "
                  "%d ms (the session must outlive its TCP connection until it times out)", after, timeout / 3);
            CHECK(after <= timeout + 4000, "ephemeral deleted %" PRId64 " ms after the client died: expected within "
                  "the session timeout %d ms (+4 s slack)", after, timeout);
        }
        /* Re-attaching to the expired session: the client is told EXPIRED_SESSION. */
        static evq_t xq;
        evq_init(&xq, "re-attach to expired session");
        zhandle_t *zh = zookeeper_init(g_connect, evq_watcher, timeout, &dead, &xq, ZOO_NO_LOG_CLIENTENV);
        if (CHECK(zh != NULL, "zookeeper_init with the expired session id")) {
            CHECK(evq_wait(&xq, ZOO_SESSION_EVENT, ZOO_EXPIRED_SESSION_STATE, NULL, 10000),
                  "re-attach to an expired session: expected an EXPIRED_SESSION event");
            CHECK_RC(zoo_exists(zh, "/", 0, &st), ZINVALIDSTATE, "operation on an expired handle");
            CHECK_I64(evq_count(&xq, ZOO_SESSION_EVENT, ZOO_CONNECTED_STATE, NULL), 0,
                      "CONNECTED events when re-attaching to an expired session");
            zookeeper_close(zh);
        }
    }

    /* (2) Session takeover: a second handle attaches with (id, password) of a live session, a wrong password is
     * refused, then closing the second handle ends the session for the first one as well. */
    static evq_t q1, q2, q3, wq;
    evq_init(&q1, "original handle");
    evq_init(&q2, "takeover handle");
    evq_init(&q3, "wrong-password handle");
    evq_init(&wq, "takeover observer");
    zhandle_t *h1 = open_handle(&q1, 2000, "original handle");
    if (!h1)
        return;
    clientid_t cid = *zoo_client_id(h1);
    CHECK_RC(zoo_create(h1, BASE "/expire/owned", "o", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, NULL, 0), ZOK,
             "original handle creates an ephemeral");

    clientid_t wrong = cid;
    wrong.passwd[0] ^= 0x5a;
    zhandle_t *hw = zookeeper_init(g_connect, evq_watcher, 2000, &wrong, &q3, ZOO_NO_LOG_CLIENTENV);
    if (CHECK(hw != NULL, "zookeeper_init with a wrong password")) {
        CHECK(evq_wait(&q3, ZOO_SESSION_EVENT, ZOO_EXPIRED_SESSION_STATE, NULL, 10000),
              "attach with a wrong session password: expected an EXPIRED_SESSION event");
        zookeeper_close(hw);
    }
    CHECK_RC(zoo_exists(g_other, BASE "/expire/owned", 0, &st), ZOK,
             "session unaffected by an attach attempt with a wrong password");

    zhandle_t *h2 = open_handle_to(g_connect, &q2, 2000, &cid, "takeover handle (same id + password)");
    if (!h2) {
        zookeeper_close(h1);
        return;
    }
    CHECK_I64(zoo_client_id(h2)->client_id, cid.client_id, "takeover handle session id");
    int rc = zoo_wexists(g_other, BASE "/expire/owned", evq_watcher, &wq, &st);
    CHECK_RC(rc, ZOK, "ephemeral still there after the takeover");
    CHECK_I64(st.ephemeralOwner, cid.client_id, "ephemeral owner after the takeover");
    CHECK_RC(zookeeper_close(h2), ZOK, "close the takeover handle (ends the shared session)");
    CHECK(evq_wait(&wq, ZOO_DELETED_EVENT, -1, BASE "/expire/owned", 10000),
          "expected the shared session's ephemeral to be deleted after close");
    CHECK(evq_wait(&q1, ZOO_SESSION_EVENT, ZOO_EXPIRED_SESSION_STATE, NULL, 15000),
          "original handle: expected an EXPIRED_SESSION event once its session was closed elsewhere");
    /* The library sets the handle state right after delivering the event; give it a moment. */
    int64_t until = now_ms() + 5000;
    while (zoo_state(h1) != ZOO_EXPIRED_SESSION_STATE && now_ms() < until)
        sleep_ms(20);
    CHECK(zoo_state(h1) == ZOO_EXPIRED_SESSION_STATE, "original handle state: expected EXPIRED_SESSION, got %s",
          state_name(zoo_state(h1)));
    CHECK_RC(zoo_create(h1, BASE "/expire/late", "l", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, NULL, 0),
             ZINVALIDSTATE, "create on an expired handle");
    CHECK_RC(zoo_exists(g_other, BASE "/expire/late", 0, &st), ZNONODE, "nothing created through the expired handle");
    zookeeper_close(h1);
}

/* ------------------------------------------------------------------------------------------------------------ */

static int hold_ephemeral(const char *connect, const char *path, int timeout_ms)
{
    alarm(120); /* never outlive a stuck parent for long */
    evq_t q;
    evq_init(&q, "holder");
    zhandle_t *zh = open_handle_to(connect, &q, timeout_ms, NULL, "holder");
    if (!zh)
        return 2;
    int rc = zoo_create(zh, path, "held", 4, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, NULL, 0);
    if (rc != ZOK) {
        fprintf(stderr, "holder: create %s: %s\n", path, zerror(rc));
        return 3;
    }
    const clientid_t *cid = zoo_client_id(zh);
    char pw[33];
    for (int i = 0; i < 16; ++i)
        snprintf(pw + 2 * i, 3, "%02x", (unsigned char)cid->passwd[i]);
    printf("SESSION %llx %s\n", (unsigned long long)cid->client_id, pw);
    fflush(stdout);
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    g_connect = getenv("ZK_CONNECT");
    if (!g_connect || !*g_connect) {
        fprintf(stderr, "c_client_scenario: ZK_CONNECT (host:port) is not set\n");
        return 2;
    }
    const char *level = getenv("ZK_C_LOG_LEVEL");
    zoo_set_debug_level(level ? (ZooLogLevel)atoi(level) : ZOO_LOG_LEVEL_ERROR);
    if (argc == 4 && strcmp(argv[1], "--hold-ephemeral") == 0)
        return hold_ephemeral(g_connect, argv[2], atoi(argv[3]));

    g_verbose = getenv("ZK_VERBOSE") && strcmp(getenv("ZK_VERBOSE"), "0") != 0;
    read_server_cfg();
    if (getenv("ZK_TICK_MS"))
        g_tick_ms = atoi(getenv("ZK_TICK_MS"));
    const char *kind = getenv("ZK_KIND");
    printf("C client %s scenario against %s (%s); library log lines about expired sessions and failed auth are "
           "expected\n",
           ZOO_VERSION, g_connect, kind ? kind : "unknown server kind");
    int64_t started = now_ms();

    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        die("cannot resolve /proc/self/exe");
    self[n] = '\0';

    section("setup");
    evq_init(&g_mainq, "main handle");
    evq_init(&g_otherq, "other handle");
    g_zh = open_handle(&g_mainq, 3000, "main handle");
    g_other = open_handle(&g_otherq, 3000, "other handle");
    if (!g_zh || !g_other)
        die("cannot connect to %s", g_connect);
    delete_tree(g_zh, BASE);

    test_connect();
    test_create_modes();
    test_container_ttl();
    test_get_set();
    test_watches();
    test_async();
    test_multi();
    test_acl();
    test_chroot();
    test_ephemeral_close();
    test_session_expiry(self);

    section("teardown");
    delete_tree(g_zh, BASE);
    struct Stat st;
    CHECK_RC(zoo_exists(g_zh, BASE, 0, &st), ZNONODE, "scenario tree removed");
    CHECK(zoo_state(g_zh) == ZOO_CONNECTED_STATE && zoo_state(g_other) == ZOO_CONNECTED_STATE,
          "main handles still connected at the end");
    zookeeper_close(g_other);
    zookeeper_close(g_zh);

    printf("%d passed, %d failed (%.1f s)\n", g_passed, g_failed, (double)(now_ms() - started) / 1000.0);
    return g_failed == 0 ? 0 : 1;
}
