import CLibPQ
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit

/// StageKit's `SQLDatabase` over one libpq connection to a PostgreSQL server, synchronous.
///
/// The SQL stages write is sent as it is but for its placeholders (`?` becomes `$N`, see
/// `PostgresPlaceholders`). Arguments travel as text, integers declared `bigint` and reals `double
/// precision` (`parameterTypes`), text of no declared type so the server reads it as the type its
/// place needs; text is put in NFC and refused when it holds a NUL, as on SQLite. Rows come back as SQLite would give them
/// (`PostgresResult.value`). Not thread-safe: one connection per thread.
///
/// Dialect differences this type does not hide are listed in docs/architecture.md ("PostgreSQL").
public final class PostgresConnection: SQLDatabase {
    private let connection: OpaquePointer
    /// What `cancel()` sends the server through (libpq's `PGcancel`, safe to use from any thread).
    private let canceller: OpaquePointer?
    let pq: LibPQ
    private var savepointDepth = 0
    private var statementCount = 0
    private var hasInserted = false
    public private(set) var changedRowCount = 0

    /// Connects to `url` (`postgresql://user@host:port/db`, `postgresql:///db?host=/socket/dir`, or
    /// libpq's `key=value` form). A password comes from libpq's environment (PGPASSWORD) or `.pgpass`.
    public init(url: String) throws {
        let pq = try LibPQ.load()
        self.pq = pq
        guard let connection = pq.connectdb(url) else { throw DatabaseFailure("cannot connect to PostgreSQL: out of memory") }
        guard pq.status(connection) == CONNECTION_OK else {
            let message = PostgresResult.connectionMessage(connection, pq: pq)
            pq.finish(connection)
            throw DatabaseFailure("cannot connect to PostgreSQL at \(PostgresConnection.redacted(url)): \(message)")
        }
        // The server's NOTICEs (e.g. "table does not exist, skipping") are not the user's business.
        _ = pq.setNoticeProcessor(connection, { _, _ in }, nil)
        guard pq.setClientEncoding(connection, "UTF8") == 0 else {
            let message = PostgresResult.connectionMessage(connection, pq: pq)
            pq.finish(connection)
            throw DatabaseFailure("cannot use UTF-8 with the PostgreSQL server: \(message)")
        }
        self.connection = connection
        canceller = pq.getCancel(connection)
    }

    deinit {
        if let canceller { pq.freeCancel(canceller) }
        pq.finish(connection)
    }

    /// Asks the server to cancel the statement running now on this connection (Ctrl-C); callable from
    /// any thread. The statement then fails with "canceling statement due to user request".
    public func cancel() {
        guard let canceller else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = pq.cancel(canceller, &message, Int32(message.count))
    }

    /// Whether a transaction (or a failed one not yet rolled back) is open on the connection.
    public var isInsideTransaction: Bool { pq.transactionStatus(connection) != PQTRANS_IDLE }

    /// `url` without its password (`user:password@`, `password=…`), for messages.
    public static func redacted(_ url: String) -> String {
        var url = url
        if let scheme = url.firstRange(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
           let colon = url[scheme.upperBound..<at].firstIndex(of: ":") {
            url.removeSubrange(colon..<at)
        }
        while let key = url.firstRange(of: "password="), !url[key.upperBound...].hasPrefix("…") {
            let end = url[key.upperBound...].firstIndex { $0 == "&" || $0 == " " } ?? url.endIndex
            url.replaceSubrange(key.upperBound..<end, with: "…")
        }
        return url
    }

    public var dialect: SQLDialect { .postgresql }

    public func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        if arguments.isEmpty {
            // Without arguments, several statements separated by `;` run in turn (migrations).
            let result = try PostgresResult(pq.exec(connection, sql), on: connection, pq: pq)
            record(result)
        } else {
            record(try run(PostgresPlaceholders.numbered(sql), arguments))
        }
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = try run(PostgresPlaceholders.numbered(sql), arguments)
        record(result)
        return result.rows
    }

    /// A statement prepared on the server when it first runs, once for each combination of argument
    /// types it is run with (see `parameterTypes`).
    public func prepare(_ sql: String) throws -> any PreparedStatement {
        PostgresPreparedStatement(sql: PostgresPlaceholders.numbered(sql), connection: self)
    }

    /// Prepares `sql` (already numbered) on the server for arguments of `types`; returns its name.
    func prepareOnServer(_ sql: String, types: [Oid]) throws -> String {
        statementCount += 1
        let name = "funnel_statement_\(statementCount)"
        _ = try types.withUnsafeBufferPointer { buffer in
            try PostgresResult(pq.prepare(connection, name, sql, Int32(types.count), buffer.baseAddress), on: connection, pq: pq)
        }
        return name
    }

    /// Copies the rows in with `COPY … FROM STDIN` (text format), in one round of messages instead of
    /// one statement a row; ids, when asked for, are taken from the table's sequence first and copied
    /// in with the rows. Text follows the same rules as arguments (NFC, no NUL).
    public func insert(into table: String, columns: [String], rows: [[SQLValue]], returningIDs: Bool) throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        var ids: [Int64] = []
        var names = columns
        if returningIDs {
            ids = try query("SELECT nextval(pg_get_serial_sequence('\(table)', 'id')) AS id FROM generate_series(1, \(rows.count))")
                .compactMap { $0.integer("id") }.sorted()
            guard ids.count == rows.count else { throw DatabaseFailure("database error: \(table) has no id sequence") }
            names = ["id"] + columns
            hasInserted = true
        }
        guard let start = pq.exec(connection, "COPY \(table) (\(names.joined(separator: ", "))) FROM STDIN") else {
            throw DatabaseFailure("database error: " + PostgresResult.connectionMessage(connection, pq: pq))
        }
        guard pq.resultStatus(start) == PGRES_COPY_IN else {
            // Not copying: the server said why (a missing table or column).
            let failure = PostgresResult.failure(start, connection: connection, pq: pq)
            pq.clear(start)
            throw failure
        }
        pq.clear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var sendFailure: DatabaseFailure?
        func flush() {
            guard !buffer.isEmpty, sendFailure == nil else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { pq.putCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { sendFailure = DatabaseFailure("database error: " + PostgresResult.connectionMessage(connection, pq: pq)) }
            buffer.removeAll(keepingCapacity: true)
        }
        var problem: (any Error)?
        rows: for (index, row) in rows.enumerated() {
            var fields = row
            if returningIDs { fields.insert(.integer(ids[index]), at: 0) }
            for (position, field) in fields.enumerated() {
                if position > 0 { buffer.append(9) }
                do { try PostgresConnection.appendCopyText(field, to: &buffer) } catch { problem = error; break rows }
            }
            buffer.append(10)
            if buffer.count >= 1 << 20 { flush() }
        }
        if problem == nil { flush() }
        // A problem found here (text with a NUL) ends the copy with an error, so nothing is kept.
        _ = pq.putCopyEnd(connection, problem == nil && sendFailure == nil ? nil : "refused by funnel")
        var failure: DatabaseFailure?
        while let result = pq.getResult(connection) {
            let status = pq.resultStatus(result)
            if status != PGRES_COMMAND_OK, failure == nil { failure = PostgresResult.failure(result, connection: connection, pq: pq) }
            pq.clear(result)
        }
        if let problem { throw problem }
        if let failure = sendFailure ?? failure { throw failure }
        changedRowCount = rows.count
        return ids
    }

    /// A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func appendCopyText(_ value: SQLValue, to buffer: inout [UInt8]) throws {
        guard let text = try text(value) else {
            buffer.append(contentsOf: [92, 78])  // \N
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, 116])
            case 10: buffer.append(contentsOf: [92, 110])
            case 13: buffer.append(contentsOf: [92, 114])
            default: buffer.append(byte)
            }
        }
    }

    /// The value the last insert took from a sequence (an identity column) in this session, read
    /// when asked (`lastval()`); 0 before any insert, as on SQLite.
    public var lastInsertedRowID: Int64 {
        guard hasInserted else { return 0 }
        let id = try? savepoint(rollingBack: false) { try query("SELECT lastval() AS id").first?.integer("id") }
        return (id ?? nil) ?? 0
    }

    /// Runs `body` in a savepoint, or in a transaction of its own when none is open.
    public func savepoint<T>(rollingBack: Bool, _ body: () throws -> T) throws -> T {
        let standalone = pq.transactionStatus(connection) == PQTRANS_IDLE
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "funnel_savepoint_\(savepointDepth)"
        let (begin, commit, undo) = standalone
            ? ("BEGIN", "COMMIT", ["ROLLBACK"])
            : ("SAVEPOINT \(name)", "RELEASE SAVEPOINT \(name)", ["ROLLBACK TO SAVEPOINT \(name)", "RELEASE SAVEPOINT \(name)"])
        try execute(begin)
        let result: T
        do {
            result = try body()
        } catch {
            for sql in undo { try? execute(sql) }
            throw error
        }
        if rollingBack {
            for sql in undo { try execute(sql) }
        } else {
            try execute(commit)
        }
        return result
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try savepoint(rollingBack: false) { try body(self) }
    }

    /// Sends the statement with its arguments (as untyped text: the server infers their types).
    func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresResult {
        let texts = try arguments.map(PostgresConnection.text)
        let types = PostgresConnection.parameterTypes(arguments)
        return try PostgresConnection.withCStrings(texts) { values in
            try types.withUnsafeBufferPointer { typeList in
                try PostgresResult(pq.execParams(connection, sql, Int32(texts.count), typeList.baseAddress, values, nil, nil, 0),
                                   on: connection, pq: pq)
            }
        }
    }

    /// The types arguments are declared with: integers `bigint` and reals `double precision`, so a
    /// placeholder in a VALUES list (whose type nothing around it says) compares with a bigint
    /// column; text and NULL undeclared (0), so the server reads them as their place needs.
    static func parameterTypes(_ arguments: [SQLValue]) -> [Oid] {
        arguments.map { argument in
            switch argument {
            case .integer: return TypeOID.int8
            case .real: return TypeOID.float8
            case .text, .null: return 0
            }
        }
    }

    func runPrepared(_ name: String, _ arguments: [SQLValue]) throws -> PostgresResult {
        let texts = try arguments.map(PostgresConnection.text)
        let result = try PostgresConnection.withCStrings(texts) { values in
            try PostgresResult(pq.execPrepared(connection, name, Int32(texts.count), values, nil, nil, 0), on: connection, pq: pq)
        }
        record(result)
        return result
    }

    private func record(_ result: PostgresResult) {
        guard let changed = result.changedRowCount else { return }
        changedRowCount = changed
        if result.commandStatus.hasPrefix("INSERT") { hasInserted = true }
    }

    /// An argument in PostgreSQL's text format; nil for NULL. Text is stored in NFC and never with a NUL.
    static func text(_ value: SQLValue) throws -> String? {
        switch value {
        case .null: return nil
        case .integer(let integer): return String(integer)
        case .real(let real):
            if real.isNaN { return "NaN" }
            if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
            return "\(real)"
        case .text(let text):
            if text.utf8.contains(0) { throw CommandError(UnicodeText.nulMessage, hint: "remove the NUL before storing the text") }
            return UnicodeText.nfc(text)
        }
    }

    /// The strings as C strings (NULL for nil) for the duration of `body`.
    private static func withCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return try copies.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { try body($0.baseAddress) }
    }
}
