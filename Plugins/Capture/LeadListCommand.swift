import FunnelModel
import StageKit

/// `lead list`: every lead as a table, for filtering with `where`, `sort-by` and friends.
enum LeadListCommand {
    static let command = Command(CommandSignature(
        "lead list",
        summary: "List leads as a table.",
        flags: [Flag("status", .choice(LeadStatus.allCases.map(\.rawValue)), "Only leads with this status.")],
        examples: [
            Example("lead list", "Every lead.", setup: "lead add Acme"),
            Example("lead list --status qualified | select id name score", "Qualified leads and their scores.",
                    setup: "lead add Acme"),
        ])) { invocation, context in
        let status = invocation.string("status").flatMap(LeadStatus.init(rawValue:))
        let leads = try LeadTable.fetchAll(status: status, in: context.database)
        let columns = ["id", "name", "company", "source", "owner", "region", "industry", "budget", "authority",
                       "need", "timeline", "status", "score", "email", "phone", "created"]
        return .table(Table(columns: columns, rows: leads.map(LeadTable.record(of:))))
    }
}
