import StageKit

/// A database that runs each command in one transaction and applies migrations.
public protocol SQLStore: AnyObject, Sendable {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// `writing`: the body may write, so the transaction takes the write lock before it reads
    /// anything, waiting (up to the busy timeout) while another connection holds it; otherwise it
    /// waits for nothing and fails if it tries to write after another connection has.
    func transaction<T>(writing: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T
    /// Applies the migrations not applied yet, in order, and refuses duplicates.
    func migrate(_ migrations: [Migration]) throws
    /// Cancels the statement running now, from any thread.
    func interrupt()
    /// Opens a transaction that spans commands until `commit()` or `rollback()`; while it is open,
    /// `transaction(_:)` runs each command in a savepoint inside it.
    func begin() throws
    func commit() throws
    func rollback() throws
    /// Whether `begin()` opened a transaction that is still open.
    var isInExplicitTransaction: Bool { get }
}

extension SQLStore {
    /// Runs `body` in one transaction that may write (see `transaction(writing:_:)`).
    public func transaction<T>(_ body: (any SQLDatabase) throws -> T) throws -> T {
        try transaction(writing: true, body)
    }
}
