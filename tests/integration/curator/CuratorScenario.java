/*
 * ZooScope integration scenario for Apache Curator 5 (Debian libcurator-*-java) on top of the ZooKeeper 3.8 Java
 * client.
 *
 * Runs against the server named by $ZK_CONNECT and checks what Apache ZooKeeper 3.8 does:
 *   - CuratorFramework: create (create2 with Stat, creatingParentsIfNeeded, parent containers, modes, TTL,
 *     protection, orSetData), getData/setData with versions, delete (versions, deletingChildrenIfNeeded), children,
 *     background callbacks, one-shot and persistent recursive watches, transactions (success and failure);
 *   - raw ZooKeeper handle: whoAmI, getEphemerals, getAllChildrenNumber, digest ACLs;
 *   - recipes: InterProcessMutex (two clients contend, mutual exclusion asserted), LeaderLatch (exactly one leader,
 *     hand-over when the leader closes), CuratorCache (create/change/delete events of a subtree), SharedCount.
 *
 * Prints one line per failed check, then "N passed, M failed"; exit code 0 only when nothing failed.
 * Environment: ZK_CONNECT (required), ZK_VERBOSE=1 (print passing checks too).
 */

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorEventType;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

public final class CuratorScenario {
    private static final String BASE = "/curator_scenario";
    /* base64(sha1("alice:secret")), as the digest provider stores it in ACLs. */
    private static final String ALICE_DIGEST_ID = "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=";

    private static int passed;
    private static int failed;
    private static boolean verbose;
    private static String section = "";
    private static String connect;

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Check helpers
    // ---------------------------------------------------------------------------------------------------------

    private static synchronized boolean check(boolean ok, String what) {
        if (ok) {
            passed++;
            if (verbose) {
                System.out.println("  ok   [" + section + "] " + what);
            }
        } else {
            failed++;
            System.out.println("  FAIL [" + section + "] " + what);
        }
        System.out.flush();
        return ok;
    }

    private static boolean checkEq(Object expected, Object actual, String what) {
        boolean ok = expected == null ? actual == null : expected.equals(actual);
        return check(ok, what + ": expected " + show(expected) + ", got " + show(actual));
    }

    private static String show(Object o) {
        if (o instanceof byte[]) {
            return "\"" + new String((byte[]) o, StandardCharsets.UTF_8) + "\"";
        }
        if (o instanceof String) {
            return "\"" + o + "\"";
        }
        return String.valueOf(o);
    }

    private static boolean checkBytes(String expected, byte[] actual, String what) {
        return checkEq(expected, actual == null ? null : new String(actual, StandardCharsets.UTF_8), what);
    }

    /* Runs body; it must throw KeeperException with the expected code. */
    private static void expectKeeper(KeeperException.Code expected, String what, ThrowingRunnable body) {
        try {
            body.run();
            check(false, what + ": expected KeeperException " + expected + ", but the call succeeded");
        } catch (KeeperException e) {
            check(e.code() == expected, what + ": expected KeeperException " + expected + ", got " + e.code());
        } catch (Exception e) {
            check(false, what + ": expected KeeperException " + expected + ", got " + e);
        }
    }

    /* Runs body; any exception is a failed check (and the section continues). */
    private static boolean ok(String what, ThrowingRunnable body) {
        try {
            body.run();
            return check(true, what);
        } catch (Exception e) {
            return check(false, what + ": unexpected " + e);
        }
    }

    private static boolean waitFor(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void section(String name) {
        section = name;
        System.out.println("== " + name);
        System.out.flush();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CuratorFramework newClient(String authDigest) throws InterruptedException {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(4000)
                .connectionTimeoutMs(4000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5));
        if (authDigest != null) {
            builder.authorization("digest", b(authDigest));
        }
        CuratorFramework client = builder.build();
        client.start();
        if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("could not connect to " + connect + " within 20 s");
        }
        return client;
    }

    private static void deleteTree(CuratorFramework client, String path) {
        try {
            if (client.checkExists().forPath(path) != null) {
                client.delete().deletingChildrenIfNeeded().forPath(path);
            }
        } catch (Exception e) {
            System.out.println("  (cleanup of " + path + " failed: " + e + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scenario parts
    // ---------------------------------------------------------------------------------------------------------

    private static void testFramework(CuratorFramework client, CuratorFramework other) throws Exception {
        section("CuratorFramework create/get/set/delete");
        long sessionId = client.getZookeeperClient().getZooKeeper().getSessionId();

        Stat st = new Stat();
        String created = client.create().creatingParentsIfNeeded().storingStatIn(st)
                .forPath(BASE + "/a/b/c", b("abc"));
        checkEq(BASE + "/a/b/c", created, "create creatingParentsIfNeeded path");
        checkEq(0, st.getVersion(), "create2 Stat version");
        checkEq(3, st.getDataLength(), "create2 Stat dataLength");
        checkEq(0L, st.getEphemeralOwner(), "create2 Stat ephemeralOwner");
        checkEq(st.getCzxid(), st.getMzxid(), "create2 Stat mzxid == czxid");
        Stat parent = client.checkExists().forPath(BASE + "/a/b");
        if (check(parent != null, "parent " + BASE + "/a/b created")) {
            checkEq(1, parent.getNumChildren(), "parent numChildren");
            checkEq(st.getCzxid(), parent.getPzxid(), "parent pzxid == child czxid");
            checkEq(0, parent.getDataLength(), "parent created with empty data");
        }
        checkEq(null, client.checkExists().forPath(BASE + "/missing"), "checkExists of a missing node");

        expectKeeper(KeeperException.Code.NODEEXISTS, "create of an existing node",
                () -> client.create().forPath(BASE + "/a/b/c", b("x")));
        expectKeeper(KeeperException.Code.NONODE, "create without parents",
                () -> client.create().forPath(BASE + "/x/y/z", b("x")));
        expectKeeper(KeeperException.Code.NONODE, "getData of a missing node",
                () -> client.getData().forPath(BASE + "/missing"));

        // getData / setData with versions
        Stat gst = new Stat();
        checkBytes("abc", client.getData().storingStatIn(gst).forPath(BASE + "/a/b/c"), "getData");
        Stat sst = client.setData().withVersion(0).forPath(BASE + "/a/b/c", b("v1"));
        checkEq(1, sst.getVersion(), "setData withVersion(0) -> version");
        checkEq(gst.getCzxid(), sst.getCzxid(), "czxid unchanged by setData");
        check(sst.getMzxid() > gst.getMzxid(), "mzxid grows with setData");
        expectKeeper(KeeperException.Code.BADVERSION, "setData with a stale version",
                () -> client.setData().withVersion(0).forPath(BASE + "/a/b/c", b("v2")));
        checkEq(2, client.setData().forPath(BASE + "/a/b/c", b("v2")).getVersion(), "unconditional setData");
        checkBytes("v2", client.getData().forPath(BASE + "/a/b/c"), "getData after setData");

        // orSetData (create-or-update) and idempotent
        client.create().orSetData().forPath(BASE + "/a/b/c", b("v3"));
        checkBytes("v3", client.getData().forPath(BASE + "/a/b/c"), "create().orSetData() on an existing node");
        client.create().orSetData().forPath(BASE + "/a/b/d", b("d"));
        checkBytes("d", client.getData().forPath(BASE + "/a/b/d"), "create().orSetData() on a new node");

        // Children
        client.create().forPath(BASE + "/a/b/e", b("e"));
        List<String> kids = new ArrayList<>(client.getChildren().forPath(BASE + "/a/b"));
        Collections.sort(kids);
        checkEq(Arrays.asList("c", "d", "e"), kids, "getChildren");
        Stat kst = new Stat();
        client.getChildren().storingStatIn(kst).forPath(BASE + "/a/b");
        checkEq(3, kst.getNumChildren(), "getChildren Stat numChildren");
        checkEq(3, kst.getCversion(), "getChildren Stat cversion");

        // Modes: ephemeral, sequential, protected, container, TTL
        Stat est = new Stat();
        String eph = client.create().storingStatIn(est).creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(BASE + "/modes/eph", b("e"));
        checkEq(BASE + "/modes/eph", eph, "ephemeral path");
        checkEq(sessionId, est.getEphemeralOwner(), "ephemeral Stat ephemeralOwner == session id");
        expectKeeper(KeeperException.Code.NOCHILDRENFOREPHEMERALS, "create under an ephemeral",
                () -> client.create().forPath(BASE + "/modes/eph/child"));
        String seq1 = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(BASE + "/modes/s-", b("1"));
        String seq2 = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(BASE + "/modes/s-", b("2"));
        checkEq(BASE + "/modes/s-0000000001", seq1, "persistent sequential name (%010d of parent's creates)");
        checkEq(BASE + "/modes/s-0000000002", seq2, "ephemeral sequential name");
        String prot = client.create().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(BASE + "/modes/lock-", b("p"));
        check(prot.startsWith(BASE + "/modes/_c_") && prot.matches(".*-lock-\\d{10}$"),
                "protected ephemeral sequential name: expected _c_<uuid>-lock-<10 digits>, got " + prot);
        client.create().creatingParentContainersIfNeeded().forPath(BASE + "/containers/p/child", b("c"));
        Stat cst = client.checkExists().forPath(BASE + "/containers/p");
        check(cst != null, "creatingParentContainersIfNeeded created the parent container");
        client.create().withMode(CreateMode.CONTAINER).forPath(BASE + "/containers/explicit", b("k"));
        check(client.checkExists().forPath(BASE + "/containers/explicit") != null, "CreateMode.CONTAINER node exists");
        Stat tst = new Stat();
        client.create().withTtl(600000).storingStatIn(tst).withMode(CreateMode.PERSISTENT_WITH_TTL)
                .forPath(BASE + "/modes/ttl", b("t"));
        checkEq(0L, tst.getEphemeralOwner(), "TTL node Stat ephemeralOwner as seen by clients");
        check(client.checkExists().forPath(BASE + "/modes/ttl") != null, "TTL node exists");

        // Emptied container parent is removed by the server's container manager.
        client.delete().forPath(BASE + "/containers/p/child");
        check(waitFor(() -> {
            try {
                return client.checkExists().forPath(BASE + "/containers/p") == null;
            } catch (Exception e) {
                return false;
            }
        }, 15000), "emptied parent container removed by the server within 15 s");

        // Delete with versions / deletingChildrenIfNeeded
        expectKeeper(KeeperException.Code.BADVERSION, "delete with a wrong version",
                () -> client.delete().withVersion(9).forPath(BASE + "/a/b/e"));
        expectKeeper(KeeperException.Code.NOTEMPTY, "delete of a non-empty node",
                () -> client.delete().forPath(BASE + "/a/b"));
        ok("delete withVersion(0)", () -> client.delete().withVersion(0).forPath(BASE + "/a/b/e"));
        ok("delete deletingChildrenIfNeeded", () -> client.delete().deletingChildrenIfNeeded().forPath(BASE + "/a"));
        checkEq(null, client.checkExists().forPath(BASE + "/a"), "subtree gone after deletingChildrenIfNeeded");
        expectKeeper(KeeperException.Code.NONODE, "delete of a missing node",
                () -> client.delete().forPath(BASE + "/a"));
        ok("quietly() delete of a missing node", () -> client.delete().quietly().forPath(BASE + "/a"));

        // Background (async) operations: callbacks in order
        section("CuratorFramework background operations");
        BlockingQueue<CuratorEvent> events = new LinkedBlockingQueue<>();
        client.create().inBackground((c, e) -> events.add(e)).forPath(BASE + "/bg", b("0"));
        client.setData().withVersion(0).inBackground((c, e) -> events.add(e)).forPath(BASE + "/bg", b("1"));
        client.setData().withVersion(0).inBackground((c, e) -> events.add(e)).forPath(BASE + "/bg", b("x"));
        client.getData().inBackground((c, e) -> events.add(e)).forPath(BASE + "/bg");
        client.delete().inBackground((c, e) -> events.add(e)).forPath(BASE + "/bg");
        List<CuratorEvent> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CuratorEvent e = events.poll(15, TimeUnit.SECONDS);
            if (e == null) {
                break;
            }
            got.add(e);
        }
        if (checkEq(5, got.size(), "background callbacks received")) {
            checkEq(CuratorEventType.CREATE, got.get(0).getType(), "event 0 type");
            checkEq(0, got.get(0).getResultCode(), "background create result");
            checkEq(BASE + "/bg", got.get(0).getName(), "background create name");
            checkEq(CuratorEventType.SET_DATA, got.get(1).getType(), "event 1 type");
            checkEq(0, got.get(1).getResultCode(), "background setData result");
            checkEq(1, got.get(1).getStat().getVersion(), "background setData Stat version");
            checkEq(KeeperException.Code.BADVERSION.intValue(), got.get(2).getResultCode(),
                    "background setData with a stale version result");
            checkEq(CuratorEventType.GET_DATA, got.get(3).getType(), "event 3 type");
            checkBytes("1", got.get(3).getData(), "background getData data");
            checkEq(CuratorEventType.DELETE, got.get(4).getType(), "event 4 type");
            checkEq(0, got.get(4).getResultCode(), "background delete result");
        }

        // Data written by one client is seen by another
        client.create().forPath(BASE + "/shared", b("from-client-1"));
        checkBytes("from-client-1", other.getData().forPath(BASE + "/shared"), "other client reads the data");
        checkEq(sessionId, other.checkExists().forPath(BASE + "/modes/eph").getEphemeralOwner(),
                "other client sees the ephemeral owner");
    }

    private static void testWatches(CuratorFramework client, CuratorFramework other) throws Exception {
        section("watches (one-shot and persistent recursive)");
        client.create().creatingParentsIfNeeded().forPath(BASE + "/w/node", b("0"));

        // One-shot data watch: fires once.
        List<WatchedEvent> oneShot = new CopyOnWriteArrayList<>();
        CuratorWatcher watcher = oneShot::add;
        client.getData().usingWatcher(watcher).forPath(BASE + "/w/node");
        other.setData().forPath(BASE + "/w/node", b("1"));
        check(waitFor(() -> oneShot.size() >= 1, 10000), "one-shot data watch fired after setData");
        other.setData().forPath(BASE + "/w/node", b("2"));
        client.sync().forPath(BASE + "/w/node");
        Thread.sleep(200);
        checkEq(1, oneShot.size(), "one-shot data watch events after two changes");
        if (!oneShot.isEmpty()) {
            checkEq(Watcher.Event.EventType.NodeDataChanged, oneShot.get(0).getType(), "one-shot event type");
            checkEq(BASE + "/w/node", oneShot.get(0).getPath(), "one-shot event path");
        }

        // Child watch
        List<WatchedEvent> childEvents = new CopyOnWriteArrayList<>();
        client.getChildren().usingWatcher((CuratorWatcher) childEvents::add).forPath(BASE + "/w");
        other.create().forPath(BASE + "/w/kid", b("k"));
        check(waitFor(() -> childEvents.size() >= 1, 10000), "child watch fired after a child create");
        if (!childEvents.isEmpty()) {
            checkEq(Watcher.Event.EventType.NodeChildrenChanged, childEvents.get(0).getType(), "child event type");
        }

        // Persistent recursive watch (addWatch): every change below the path, repeatedly, until removed.
        List<WatchedEvent> rec = new CopyOnWriteArrayList<>();
        Watcher recWatcher = rec::add;
        client.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE).usingWatcher(recWatcher)
                .forPath(BASE + "/w");
        other.create().forPath(BASE + "/w/kid/grandkid", b("g"));
        other.setData().forPath(BASE + "/w/kid/grandkid", b("g1"));
        other.setData().forPath(BASE + "/w/kid/grandkid", b("g2"));
        other.delete().forPath(BASE + "/w/kid/grandkid");
        other.setData().forPath(BASE + "/w", b("top"));
        check(waitFor(() -> rec.size() >= 5, 10000),
                "persistent recursive watch: expected 5 events, got " + rec.size() + " " + describe(rec));
        List<String> expected = Arrays.asList(
                "NodeCreated " + BASE + "/w/kid/grandkid",
                "NodeDataChanged " + BASE + "/w/kid/grandkid",
                "NodeDataChanged " + BASE + "/w/kid/grandkid",
                "NodeDeleted " + BASE + "/w/kid/grandkid",
                "NodeDataChanged " + BASE + "/w");
        checkEq(expected, describe(rec), "persistent recursive watch events (no child events in recursive mode)");
        client.watchers().remove(recWatcher).ofType(Watcher.WatcherType.Any).forPath(BASE + "/w");
        List<String> beforeRemove = describe(rec);
        other.setData().forPath(BASE + "/w", b("after-remove"));
        client.sync().forPath(BASE + "/w");
        Thread.sleep(200);
        checkEq(beforeRemove, describe(rec), "no node events after removing the persistent watch");

        // Persistent (non-recursive) watch via the raw handle: data + child events of that node only.
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        List<WatchedEvent> pers = new CopyOnWriteArrayList<>();
        zk.addWatch(BASE + "/w", pers::add, AddWatchMode.PERSISTENT);
        other.setData().forPath(BASE + "/w", b("p1"));
        other.create().forPath(BASE + "/w/kid2", b("k"));
        other.create().forPath(BASE + "/w/kid2/deeper", b("k")); // below: not reported in non-recursive mode
        other.setData().forPath(BASE + "/w", b("p2"));
        check(waitFor(() -> pers.size() >= 3, 10000), "persistent watch: expected 3 events, got " + describe(pers));
        client.sync().forPath(BASE + "/w");
        Thread.sleep(200);
        checkEq(Arrays.asList("NodeDataChanged " + BASE + "/w", "NodeChildrenChanged " + BASE + "/w",
                "NodeDataChanged " + BASE + "/w"), describe(pers), "persistent (non-recursive) watch events");
        zk.removeAllWatches(BASE + "/w", Watcher.WatcherType.Any, false);
    }

    private static List<String> describe(List<WatchedEvent> events) {
        List<String> out = new ArrayList<>();
        for (WatchedEvent e : events) {
            if (e.getType() != Watcher.Event.EventType.None
                    && e.getType() != Watcher.Event.EventType.PersistentWatchRemoved) {
                out.add(e.getType() + " " + e.getPath());
            }
        }
        return out;
    }

    private static void testTransactions(CuratorFramework client) throws Exception {
        section("transactions (multi)");
        client.create().forPath(BASE + "/tx", b("tx"));
        client.create().forPath(BASE + "/tx/x", b("x0"));

        CuratorOp create = client.transactionOp().create().forPath(BASE + "/tx/a", b("A"));
        CuratorOp createSeq = client.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                .forPath(BASE + "/tx/s-", b("S"));
        CuratorOp set = client.transactionOp().setData().withVersion(0).forPath(BASE + "/tx/x", b("x1"));
        CuratorOp checkOp = client.transactionOp().check().withVersion(1).forPath(BASE + "/tx/x");
        CuratorOp delete = client.transactionOp().delete().forPath(BASE + "/tx/a");
        List<CuratorTransactionResult> results = client.transaction()
                .forOperations(create, createSeq, set, checkOp, delete);
        if (checkEq(5, results.size(), "transaction result count")) {
            checkEq(OperationType.CREATE, results.get(0).getType(), "result 0 type");
            checkEq(BASE + "/tx/a", results.get(0).getResultPath(), "result 0 path");
            checkEq(OperationType.CREATE, results.get(1).getType(), "result 1 type");
            checkEq(BASE + "/tx/s-0000000002", results.get(1).getResultPath(), "result 1 sequential path");
            checkEq(OperationType.SET_DATA, results.get(2).getType(), "result 2 type");
            checkEq(1, results.get(2).getResultStat() == null ? -1 : results.get(2).getResultStat().getVersion(),
                    "result 2 Stat version");
            checkEq(OperationType.CHECK, results.get(3).getType(), "result 3 type");
            checkEq(OperationType.DELETE, results.get(4).getType(), "result 4 type");
            for (int i = 0; i < 5; i++) {
                checkEq(0, results.get(i).getError(), "result " + i + " error");
            }
        }
        checkEq(null, client.checkExists().forPath(BASE + "/tx/a"), "node created and deleted in one transaction");
        checkBytes("x1", client.getData().forPath(BASE + "/tx/x"), "data set in the transaction");

        // Failing transaction: nothing is applied; per-op results.
        CuratorOp fCreate = client.transactionOp().create().forPath(BASE + "/tx/new", b("N"));
        CuratorOp fSet = client.transactionOp().setData().forPath(BASE + "/tx/x", b("x2"));
        CuratorOp fCheck = client.transactionOp().check().withVersion(99).forPath(BASE + "/tx/x");
        CuratorOp fDelete = client.transactionOp().delete().forPath(BASE + "/tx/s-0000000002");
        try {
            client.transaction().forOperations(fCreate, fSet, fCheck, fDelete);
            check(false, "transaction with a failing check: expected KeeperException BADVERSION, it succeeded");
        } catch (KeeperException e) {
            checkEq(KeeperException.Code.BADVERSION, e.code(), "failing transaction exception code");
            List<OpResult> opResults = e.getResults();
            if (check(opResults != null && opResults.size() == 4, "failing transaction carries 4 op results")) {
                int[] expectedCodes = {0, 0, KeeperException.Code.BADVERSION.intValue(),
                        KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()};
                for (int i = 0; i < 4; i++) {
                    OpResult r = opResults.get(i);
                    int code = r instanceof OpResult.ErrorResult ? ((OpResult.ErrorResult) r).getErr() : -999;
                    checkEq(expectedCodes[i], code, "failing transaction result " + i + " error code");
                }
            }
        }
        checkEq(null, client.checkExists().forPath(BASE + "/tx/new"), "create of a failed transaction not applied");
        checkBytes("x1", client.getData().forPath(BASE + "/tx/x"), "setData of a failed transaction not applied");
        check(client.checkExists().forPath(BASE + "/tx/s-0000000002") != null,
                "delete of a failed transaction not applied");

        // Background transaction
        BlockingQueue<CuratorEvent> events = new LinkedBlockingQueue<>();
        client.transaction().inBackground((c, e) -> events.add(e)).forOperations(
                client.transactionOp().check().withVersion(1).forPath(BASE + "/tx/x"),
                client.transactionOp().setData().withVersion(1).forPath(BASE + "/tx/x", b("x3")));
        CuratorEvent e = events.poll(15, TimeUnit.SECONDS);
        if (check(e != null, "background transaction callback")) {
            checkEq(CuratorEventType.TRANSACTION, e.getType(), "background transaction event type");
            checkEq(0, e.getResultCode(), "background transaction result code");
            checkEq(2, e.getOpResults() == null ? -1 : e.getOpResults().size(), "background transaction op results");
        }
        checkBytes("x3", client.getData().forPath(BASE + "/tx/x"), "data after the background transaction");
    }

    private static void testServerFeatures(CuratorFramework client, CuratorFramework other) throws Exception {
        section("ZooKeeper 3.6+ requests and ACLs");
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(BASE + "/eph/one");
        client.create().withMode(CreateMode.EPHEMERAL).forPath(BASE + "/eph/two");
        client.create().withMode(CreateMode.EPHEMERAL).forPath(BASE + "/eph-elsewhere");
        List<String> mine = new ArrayList<>(zk.getEphemerals(BASE + "/eph"));
        Collections.sort(mine);
        checkEq(Arrays.asList(BASE + "/eph-elsewhere", BASE + "/eph/one", BASE + "/eph/two"), mine,
                "getEphemerals(prefix) matches the path prefix as a string");
        mine = new ArrayList<>(zk.getEphemerals(BASE + "/eph/o"));
        checkEq(Arrays.asList(BASE + "/eph/one"), mine, "getEphemerals(prefix ending mid-name)");
        List<String> all = zk.getEphemerals();
        check(all.contains(BASE + "/eph-elsewhere") && all.contains(BASE + "/eph/one"),
                "getEphemerals() lists this session's ephemerals: " + all);
        check(other.getZookeeperClient().getZooKeeper().getEphemerals(BASE).isEmpty(),
                "getEphemerals() of another session is empty");
        checkEq(2, zk.getAllChildrenNumber(BASE + "/eph"), "getAllChildrenNumber");
        client.create().creatingParentsIfNeeded().forPath(BASE + "/count/a/b/c");
        checkEq(3, zk.getAllChildrenNumber(BASE + "/count"), "getAllChildrenNumber counts all descendants");

        List<ClientInfo> anon = zk.whoAmI();
        check(anon.size() == 1 && "ip".equals(anon.get(0).getAuthScheme())
                        && "127.0.0.1".equals(anon.get(0).getUser()),
                "whoAmI of an unauthenticated session: expected [ip 127.0.0.1], got " + infos(anon));

        CuratorFramework alice = newClient("alice:secret");
        try {
            List<ClientInfo> who = alice.getZookeeperClient().getZooKeeper().whoAmI();
            boolean hasDigest = who.stream().anyMatch(i -> "digest".equals(i.getAuthScheme())
                    && "alice".equals(i.getUser()));
            check(hasDigest, "whoAmI after digest auth contains {digest alice}, got " + infos(who));
            alice.create().withACL(ZooDefs.Ids.CREATOR_ALL_ACL).forPath(BASE + "/private", b("secret"));
            List<ACL> acl = alice.getACL().forPath(BASE + "/private");
            checkEq(Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("digest", ALICE_DIGEST_ID))), acl,
                    "ACL of a CREATOR_ALL node");
            expectKeeper(KeeperException.Code.NOAUTH, "unauthenticated getData",
                    () -> other.getData().forPath(BASE + "/private"));
            expectKeeper(KeeperException.Code.NOAUTH, "unauthenticated setData",
                    () -> other.setData().forPath(BASE + "/private", b("x")));
            checkBytes("secret", alice.getData().forPath(BASE + "/private"), "authenticated getData");
            Stat ast = new Stat();
            alice.setACL().withVersion(0).withACL(ZooDefs.Ids.READ_ACL_UNSAFE).forPath(BASE + "/private");
            alice.getACL().storingStatIn(ast).forPath(BASE + "/private");
            checkEq(1, ast.getAversion(), "aversion after setACL");
            checkBytes("secret", other.getData().forPath(BASE + "/private"), "getData after opening the ACL");
            alice.delete().forPath(BASE + "/private");
        } finally {
            alice.close();
        }
    }

    private static String infos(List<ClientInfo> infos) {
        List<String> out = new ArrayList<>();
        for (ClientInfo i : infos) {
            out.add("{" + i.getAuthScheme() + " " + i.getUser() + "}");
        }
        return out.toString();
    }

    private static void testMutex(CuratorFramework c1, CuratorFramework c2) throws Exception {
        section("InterProcessMutex");
        final String lockPath = BASE + "/locks/mutex";
        final int workers = 4;
        final int rounds = 5;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger acquisitions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < workers; w++) {
            CuratorFramework client = (w % 2 == 0) ? c1 : c2;
            futures.add(pool.submit(() -> {
                InterProcessMutex mutex = new InterProcessMutex(client, lockPath);
                go.await();
                for (int r = 0; r < rounds; r++) {
                    if (!mutex.acquire(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("could not acquire the mutex within 20 s");
                    }
                    try {
                        int now = inside.incrementAndGet();
                        maxInside.accumulateAndGet(now, Math::max);
                        acquisitions.incrementAndGet();
                        Thread.sleep(15);
                        inside.decrementAndGet();
                    } finally {
                        mutex.release();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        boolean allDone = true;
        for (Future<?> f : futures) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                allDone = false;
                check(false, "mutex worker failed: " + e);
            }
        }
        pool.shutdownNow();
        check(allDone, "all mutex workers finished");
        checkEq(workers * rounds, acquisitions.get(), "mutex acquisitions");
        checkEq(1, maxInside.get(), "maximum holders inside the critical section at once");

        // Held by c1 -> c2 cannot get it; reentrant for c1; released -> c2 gets it.
        InterProcessMutex m1 = new InterProcessMutex(c1, lockPath);
        InterProcessMutex m2 = new InterProcessMutex(c2, lockPath);
        check(m1.acquire(10, TimeUnit.SECONDS), "client 1 acquires");
        check(m1.acquire(1, TimeUnit.SECONDS), "client 1 re-acquires (reentrant)");
        check(!m2.acquire(500, TimeUnit.MILLISECONDS), "client 2 times out while client 1 holds the lock");
        checkEq(1, c2.getChildren().forPath(lockPath).size(), "one lock node while held (the timed-out waiter "
                + "removed its node)");
        m1.release();
        check(m1.isOwnedByCurrentThread(), "still owned after one of two releases");
        m1.release();
        check(m2.acquire(10, TimeUnit.SECONDS), "client 2 acquires after client 1 released");
        m2.release();
        checkEq(0, c1.getChildren().forPath(lockPath).size(), "no lock nodes left after release");
    }

    private static void testLeaderLatch(CuratorFramework c1, CuratorFramework c2) throws Exception {
        section("LeaderLatch");
        final String latchPath = BASE + "/leader";
        LeaderLatch l1 = new LeaderLatch(c1, latchPath, "one");
        LeaderLatch l2 = new LeaderLatch(c2, latchPath, "two");
        List<String> transitions = new CopyOnWriteArrayList<>();
        l1.addListener(new LeaderLatchListener() {
            public void isLeader() {
                transitions.add("one:leader");
            }

            public void notLeader() {
                transitions.add("one:not");
            }
        });
        l2.addListener(new LeaderLatchListener() {
            public void isLeader() {
                transitions.add("two:leader");
            }

            public void notLeader() {
                transitions.add("two:not");
            }
        });
        l1.start();
        l2.start();
        try {
            check(waitFor(() -> l1.hasLeadership() || l2.hasLeadership(), 15000), "a leader is elected within 15 s");
            Thread.sleep(300);
            checkEq(1, (l1.hasLeadership() ? 1 : 0) + (l2.hasLeadership() ? 1 : 0), "exactly one latch is leader");
            Participant leader1 = l1.getLeader();
            Participant leader2 = l2.getLeader();
            checkEq(leader1.getId(), leader2.getId(), "both latches agree on the leader");
            checkEq(l1.hasLeadership() ? "one" : "two", leader1.getId(), "leader id matches hasLeadership()");
            checkEq(2, l1.getParticipants().size(), "participants");
            LeaderLatch winner = l1.hasLeadership() ? l1 : l2;
            LeaderLatch loser = winner == l1 ? l2 : l1;
            winner.close();
            check(loser.await(15, TimeUnit.SECONDS), "the other latch becomes leader after the leader closed");
            check(loser.hasLeadership(), "new leader hasLeadership()");
            checkEq(loser.getId(), loser.getLeader().getId(), "getLeader() after hand-over");
            checkEq(1, loser.getParticipants().size(), "participants after the leader left");
            check(transitions.contains(winner.getId() + ":leader") && transitions.contains(loser.getId() + ":leader"),
                    "listeners saw both leaders: " + transitions);
        } finally {
            for (LeaderLatch l : new LeaderLatch[] {l1, l2}) {
                if (l.getState() == LeaderLatch.State.STARTED) {
                    l.close();
                }
            }
        }
    }

    private static void testCuratorCache(CuratorFramework client, CuratorFramework other) throws Exception {
        section("CuratorCache");
        final String root = BASE + "/cache";
        client.create().creatingParentsIfNeeded().forPath(root + "/pre", b("pre"));
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch initialized = new CountDownLatch(1);
        CuratorCacheListener listener = CuratorCacheListener.builder()
                .forCreates(n -> events.add("create " + n.getPath() + " " + new String(n.getData(),
                        StandardCharsets.UTF_8)))
                .forChanges((oldNode, node) -> events.add("change " + node.getPath() + " "
                        + new String(oldNode.getData(), StandardCharsets.UTF_8) + "->"
                        + new String(node.getData(), StandardCharsets.UTF_8)))
                .forDeletes(n -> events.add("delete " + n.getPath()))
                .forInitialized(initialized::countDown)
                .build();
        CuratorCache cache = CuratorCache.build(client, root);
        cache.listenable().addListener(listener);
        cache.start();
        try {
            check(initialized.await(15, TimeUnit.SECONDS), "cache initialized within 15 s");
            check(events.contains("create " + root + "/pre pre"), "initial contents reported as creates: " + events);
            events.clear();

            // One change at a time: the cache re-reads data after an event, so back-to-back changes may legally
            // be coalesced or reordered by Curator; waiting for each event keeps the expectation exact.
            List<ThrowingRunnable> steps = Arrays.asList(
                    () -> other.create().forPath(root + "/a", b("1")),
                    () -> other.create().forPath(root + "/a/b", b("deep")),
                    () -> other.setData().forPath(root + "/a", b("2")),
                    () -> other.delete().forPath(root + "/a/b"),
                    () -> other.delete().forPath(root + "/a"));
            List<String> expected = Arrays.asList(
                    "create " + root + "/a 1",
                    "create " + root + "/a/b deep",
                    "change " + root + "/a 1->2",
                    "delete " + root + "/a/b",
                    "delete " + root + "/a");
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).run();
                final int want = i + 1;
                check(waitFor(() -> events.size() >= want, 10000),
                        "cache event " + want + " (" + expected.get(i) + ") within 10 s, got " + events);
            }
            checkEq(expected, new ArrayList<>(events), "cache events");
            other.setData().forPath(root + "/pre", b("pre2"));
            check(waitFor(() -> cache.get(root + "/pre").map(d -> "pre2".equals(
                    new String(d.getData(), StandardCharsets.UTF_8))).orElse(false), 10000),
                    "cache.get() reflects a change");
            Optional<ChildData> gone = cache.get(root + "/a");
            check(!gone.isPresent(), "deleted node absent from the cache");
            checkEq(2, cache.size(), "cache size (root + /pre)");
        } finally {
            cache.close();
        }
    }

    private static void testSharedCount(CuratorFramework c1, CuratorFramework c2) throws Exception {
        section("SharedCount (versioned compare-and-set)");
        SharedCount s1 = new SharedCount(c1, BASE + "/counter", 0);
        SharedCount s2 = new SharedCount(c2, BASE + "/counter", 0);
        s1.start();
        s2.start();
        try {
            VersionedValue<Integer> v1 = s1.getVersionedValue();
            VersionedValue<Integer> v2 = s2.getVersionedValue();
            check(s1.trySetCount(v1, 10), "first compare-and-set succeeds");
            check(!s2.trySetCount(v2, 20), "compare-and-set with a stale version fails");
            check(waitFor(() -> s2.getCount() == 10, 10000), "the other client sees the new count");
            check(s2.trySetCount(s2.getVersionedValue(), 30), "compare-and-set with the fresh version succeeds");
            check(waitFor(() -> s1.getCount() == 30, 10000), "the first client sees the final count");
        } finally {
            s1.close();
            s2.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        connect = System.getenv("ZK_CONNECT");
        if (connect == null || connect.isEmpty()) {
            System.err.println("CuratorScenario: ZK_CONNECT (host:port) is not set");
            System.exit(2);
        }
        verbose = System.getenv("ZK_VERBOSE") != null && !"0".equals(System.getenv("ZK_VERBOSE"));
        String kind = System.getenv("ZK_KIND");
        System.out.println("Curator scenario against " + connect + " (" + (kind == null ? "unknown server kind" : kind)
                + ")");
        long started = System.nanoTime();

        section("setup");
        CuratorFramework c1 = null;
        CuratorFramework c2 = null;
        try {
            c1 = newClient(null);
            c2 = newClient(null);
            deleteTree(c1, BASE);
            c1.create().forPath(BASE);

            final CuratorFramework a = c1;
            final CuratorFramework bb = c2;
            List<ThrowingRunnable> steps = Arrays.asList(
                    () -> testFramework(a, bb),
                    () -> testWatches(a, bb),
                    () -> testTransactions(a),
                    () -> testServerFeatures(a, bb),
                    () -> testMutex(a, bb),
                    () -> testLeaderLatch(a, bb),
                    () -> testCuratorCache(a, bb),
                    () -> testSharedCount(a, bb));
            for (ThrowingRunnable step : steps) {
                try {
                    step.run();
                } catch (Exception e) {
                    check(false, "unexpected exception: " + e);
                    e.printStackTrace(System.out);
                }
            }

            section("teardown");
            deleteTree(c1, BASE);
            checkEq(null, c1.checkExists().forPath(BASE), "scenario tree removed");
        } catch (Exception e) {
            check(false, "fatal: " + e);
            e.printStackTrace(System.out);
        } finally {
            if (c2 != null) {
                c2.close();
            }
            if (c1 != null) {
                c1.close();
            }
        }
        System.out.printf("%d passed, %d failed (%.1f s)%n", passed, failed, (System.nanoTime() - started) / 1e9);
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }
}
