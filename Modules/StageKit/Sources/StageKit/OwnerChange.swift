import FunnelModel

/// Writing who owns a record (a lead, a deal) where a shared database decides who may: on PostgreSQL,
/// row-level security lets a member change only what is theirs (or unowned) and give nothing to
/// another member. Its refusal becomes a `CommandError` saying so, instead of the server's words.
public enum OwnerChange {
    /// Runs `sql` (an UPDATE of `record`'s owner) and checks that it changed the record.
    public static func write(_ sql: String, _ arguments: [SQLValue], record: EntityID, in context: StageContext) throws {
        do {
            try context.database.execute(sql, arguments)
        } catch let failure as DatabaseFailure where failure.message.contains("row-level security") {
            throw CommandError("\(record) cannot be given to another member by \(context.actor): reassigning is a manager's act",
                               hint: "ask a manager to assign it")
        }
        guard context.database.changedRowCount > 0 else { throw CommandError.notFound(record) }
    }
}
