package spindle.samples.db;

import java.math.BigDecimal;
import java.util.List;
import net.dbapi.Database;
import net.dbapi.Row;
import net.deferred.Deferred;

/**
 * The sample's little bank: a table of accounts whose balance may not go below zero, and the SQL
 * both halves of the sample run. Every method returns the pool's Deferred; call them on the
 * reactor thread.
 */
final class Accounts {
    private final Database db;

    Accounts(Database db) {
        this.db = db;
    }

    Deferred<Integer> createTable() {
        return db.runOperation("DROP TABLE IF EXISTS accounts")
                .addCallbackDeferred(ignored -> db.runOperation("""
                        CREATE TABLE accounts (
                          id INTEGER PRIMARY KEY,
                          owner VARCHAR(40) NOT NULL,
                          balance DECIMAL(12, 2) NOT NULL,
                          CONSTRAINT no_overdraft CHECK (balance >= 0))"""));
    }

    /** One batch, one transaction: all rows or none. */
    Deferred<int[]> open(List<List<Object>> accounts) {
        return db.runBatch("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", accounts);
    }

    Deferred<List<Row>> balances() {
        return db.runQuery("SELECT owner, balance FROM accounts ORDER BY id");
    }

    Deferred<List<Row>> total() {
        return db.runQuery("SELECT COUNT(*) AS accounts, SUM(balance) AS total FROM accounts");
    }

    Deferred<List<Row>> richest() {
        return db.runQuery("SELECT owner, balance FROM accounts ORDER BY balance DESC, id LIMIT 1");
    }

    /**
     * Moves money in one transaction: credit first, then debit, so an overdraft fails on the
     * second statement and the rollback has something to undo.
     */
    Deferred<Void> transfer(int from, int to, BigDecimal amount) {
        return db.runInteraction(txn -> {
            txn.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
            txn.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from);
            return null;
        });
    }

    static String describe(List<Row> balances) {
        StringBuilder b = new StringBuilder();
        for (Row r : balances) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(r.getString("owner")).append(' ').append(r.getBigDecimal("balance"));
        }
        return b.toString();
    }
}
