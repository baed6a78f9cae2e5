import FunnelModel
import StageKit

/// Finds leads that may be the same as another: the same e-mail, phone or normalised company name
/// (FunnelModel's `DuplicateKeys`), using the key columns' indexes.
enum DuplicateFinder {
    struct Match {
        let id: EntityID
        let name: String
        let reason: String
    }

    /// Other leads sharing a key with `lead`.
    static func matches(for lead: Lead, in database: any SQLDatabase) throws -> [Match] {
        let keys: [(String, String?, String)] = [
            ("email_key", DuplicateKeys.email(lead.email), "same e-mail"),
            ("phone_key", DuplicateKeys.phone(lead.phone), "same phone"),
            ("company_key", DuplicateKeys.company(lead.company ?? lead.name), "same company"),
        ]
        var found: [EntityID: Match] = [:]
        var order: [EntityID] = []
        for (column, key, reason) in keys {
            guard let key else { continue }
            for row in try database.query("SELECT id, name FROM leads WHERE \(column) = ? AND id <> ? ORDER BY id",
                                          [.text(key), .integer(lead.id.number)]) {
                let id = EntityID(.lead, row.integer("id") ?? 0)
                if let existing = found[id] {
                    found[id] = Match(id: id, name: existing.name, reason: existing.reason + ", " + reason)
                } else {
                    found[id] = Match(id: id, name: row.text("name") ?? "", reason: reason)
                    order.append(id)
                }
            }
        }
        return order.compactMap { found[$0] }
    }

    /// How many e-mails, phones and company names are shared by several leads, one of them with id
    /// `first` or later (read from the key indexes, without listing the groups; `lead dupes` shows
    /// leads sharing several keys as one group).
    static func sharedKeyCount(in database: any SQLDatabase, since first: Int64) throws -> Int64 {
        var total: Int64 = 0
        for column in ["email_key", "phone_key", "company_key"] {
            total += try database.query(
                "SELECT count(*) AS n FROM (SELECT 1 FROM leads WHERE \(column) IS NOT NULL GROUP BY \(column) HAVING count(*) > 1 AND max(id) >= ?) AS shared",
                [.integer(first)]).first?.integer("n") ?? 0
        }
        return total
    }

    /// Every group of leads sharing a key, one row per group: leads that share several keys (e-mail
    /// and company) are one group with both reasons, not two.
    static func groups(in database: any SQLDatabase) throws -> [Record] {
        var groups: [(members: [Int64], reasons: [String], keys: [String])] = []
        var position: [[Int64]: Int] = [:]
        for (column, reason) in [("email_key", "same e-mail"), ("phone_key", "same phone"), ("company_key", "same company")] {
            var sql = "SELECT \(column) AS key, \(database.dialect.stringAggregate("id", separator: ",")) AS ids FROM leads WHERE \(column) IS NOT NULL"
            sql += " GROUP BY \(column) HAVING count(*) > 1 ORDER BY min(id)"
            for row in try database.query(sql) {
                let members = (row.text("ids") ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()
                let key = row.text("key") ?? ""
                if let index = position[members] {
                    groups[index].reasons.append(reason)
                    groups[index].keys.append(key)
                } else {
                    position[members] = groups.count
                    groups.append((members, [reason], [key]))
                }
            }
        }
        return groups.sorted { ($0.members.first ?? 0) < ($1.members.first ?? 0) }.map { group in
            Record([
                ("leads", .list(group.members.map { .id(EntityID(.lead, $0)) })), ("count", .int(Int64(group.members.count))),
                ("reason", .string(group.reasons.joined(separator: ", "))), ("key", .string(group.keys.joined(separator: ", "))),
            ])
        }
    }
}
