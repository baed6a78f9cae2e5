import FunnelModel
import StageKit

/// `lead list`: every lead as a table, for filtering with `where`, `sort-by` and friends.
enum LeadListCommand {
    static let command = Command(CommandSignature(
        "lead list",
        summary: "List leads as a table.",
        flags: [Flag("status", .choice(LeadStatus.allCases.map(\.rawValue)), "Only leads with this status.")],
        examples: [
            Example("lead list", "Every lead.", setup: "lead add Acme --source \"Trade Show\" --tags vip,expo"),
            Example("lead list --status qualified | select id name score", "Qualified leads and their scores.",
                    setup: "lead add Acme"),
        ]).showing(["id", "name", "company", "status", "score", "budget", "owner", "source"]), catalog: true) { invocation, context in
        // A relation, not rows: `where`, `sort-by`, `first` and `count` after it run as SQL.
        // Custom fields (`field add lead ...`) come after the built-in columns.
        .relation(try CustomFields.extend(LeadTable.relation(status: invocation.string("status").flatMap(LeadStatus.init(rawValue:))),
                                          entity: .lead, in: context.database))
    }
}
