import FunnelModel
import StageKit

/// Who gets a qualified lead: `--owner`, else the lead's own owner, else the rules in settings:
/// `screen.assign.region.REGION` or `screen.assign.industry.INDUSTRY` name an owner for a territory or
/// industry; otherwise `screen.assign.owners` (comma-separated) are taken in turn
/// (`screen.assign.mode round-robin`, the default) or by fewest open deals (`load`).
enum OwnerAssignment {
    static let settings: [Setting] = [
        Setting("screen.assign.owners", "Owners qualified leads are assigned to, comma-separated."),
        .choice("screen.assign.mode", "How an owner is chosen among screen.assign.owners.", default: "round-robin", ["round-robin", "load"]),
        Setting("screen.assign.region.*", "The owner of leads from a region, e.g. screen.assign.region.华东 dora.",
                suffix: .lowerCase),
        Setting("screen.assign.industry.*", "The owner of leads from an industry, e.g. screen.assign.industry.retail bob.",
                suffix: .lowerCase),
        Setting("screen.assign.last", "The owner round-robin assigned last (kept by lead qualify)."),
    ]

    static func owner(for lead: Lead, explicit: String?, context: StageContext) throws -> (owner: String?, rule: String) {
        if let explicit { return (explicit, "given") }
        if let owner = lead.owner { return (owner, "the lead's owner") }
        if let region = lead.region, let owner = try context.setting("screen.assign.region.\(region.lowercased())") {
            return (owner, "region \(region)")
        }
        if let industry = lead.industry, let owner = try context.setting("screen.assign.industry.\(industry.lowercased())") {
            return (owner, "industry \(industry)")
        }
        let owners = (try context.setting("screen.assign.owners") ?? "").split(separator: ",")
            .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard !owners.isEmpty else { return (nil, "no assignment rule") }
        switch try context.setting("screen.assign.mode") ?? "round-robin" {
        case "load":
            var best = owners[0], fewest = Int64.max
            for owner in owners {
                let open = try context.database.query("SELECT count(*) AS n FROM deals WHERE owner = ? AND status = 'open'",
                                                      [.text(owner)]).first?.integer("n") ?? 0
                if open < fewest { (best, fewest) = (owner, open) }
            }
            return (best, "fewest open deals (\(fewest))")
        case "round-robin":
            // The turn moves in one UPDATE, which locks the row: two sessions qualifying at once on a
            // shared database (PostgreSQL) get the next owner each, never the same one. The row is made
            // first when there is none ('' is nobody's turn: the first owner comes next).
            try context.database.execute("INSERT INTO settings (key, value) VALUES ('screen.assign.last', '') ON CONFLICT (key) DO NOTHING")
            let turns = owners.indices.map { _ in "WHEN ? THEN ?" }.joined(separator: " ")
            let arguments = owners.indices.flatMap { [SQLValue.text(owners[$0]), .text(owners[($0 + 1) % owners.count])] }
            let next = try context.database.query(
                "UPDATE settings SET value = CASE value \(turns) ELSE ? END WHERE key = 'screen.assign.last' RETURNING value",
                arguments + [.text(owners[0])]).first?.text("value") ?? owners[0]
            return (next, "round-robin")
        case let mode:
            throw CommandError("setting screen.assign.mode is \"\(mode)\", not round-robin or load",
                               hint: "config set screen.assign.mode round-robin")
        }
    }
}
