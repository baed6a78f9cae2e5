import FunnelModel

/// Quote ids (`Q-N`) belong to the lifecycle contract, not to one negotiate implementation: every
/// implementation draws them from one counter in the core table `id_counters`, so a built-in draft and
/// a plugin's accepted quote never clash, and a deal's first quote is `Q-1` whoever made it.
///
/// The built-in negotiation numbers its drafts with `next(in:)`; a plugin's accepted-quote hand-off that
/// leaves out `quote` is numbered the same way by Funnel. An id chosen elsewhere (a hand-off that names
/// one) is passed to `taken(_:in:)` by `AcceptedQuote.record(in:)`, so the counter never hands it out.
/// The counter lives in the statement's transaction: a command that fails, a dry run or a rollback gives
/// its ids back.
public enum QuoteIDs {
    /// The counter's row in `id_counters`.
    static let counter = "quote"

    /// Takes the next quote id no quote of any implementation has had.
    public static func next(in database: any SQLDatabase) throws -> EntityID {
        try database.execute("UPDATE id_counters SET last = last + 1 WHERE kind = ?", [.text(counter)])
        if database.changedRowCount == 0 {
            try database.execute("INSERT INTO id_counters (kind, last) VALUES (?, 1)", [.text(counter)])
        }
        guard let last = try database.query("SELECT last FROM id_counters WHERE kind = ?", [.text(counter)]).first?.integer("last") else {
            throw CommandError("the quote id counter could not be read")
        }
        return EntityID(.quote, last)
    }

    /// Notes that `quote` is in use, so `next(in:)` only hands out ids above it.
    public static func taken(_ quote: EntityID, in database: any SQLDatabase) throws {
        try database.execute("UPDATE id_counters SET last = ? WHERE kind = ? AND last < ?",
                             [.integer(quote.number), .text(counter), .integer(quote.number)])
        if try database.query("SELECT 1 FROM id_counters WHERE kind = ?", [.text(counter)]).isEmpty {
            try database.execute("INSERT INTO id_counters (kind, last) VALUES (?, ?)", [.text(counter), .integer(quote.number)])
        }
    }

    /// The core table (core migration v17): one row per kind of id, its last number handed out; the
    /// quote row starts above every accepted quote recorded before it existed.
    static let schema = [
        "CREATE TABLE id_counters (kind TEXT PRIMARY KEY, last INTEGER NOT NULL)",
        "INSERT INTO id_counters (kind, last) SELECT 'quote', coalesce(max(quote_id), 0) FROM accepted_quotes",
    ]
}
