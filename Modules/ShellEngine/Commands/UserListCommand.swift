import FunnelModel
import StageKit

/// `user list`: the team on a shared PostgreSQL database, each user with their role (member or
/// manager); on a SQLite file, its one user.
enum UserListCommand {
    static let command = EngineCommand(CommandSignature(
        "user list",
        summary: "The team's users and their roles (member or manager); a SQLite file's one user.",
        examples: [Example("user list", "Who may use the database, and what each sees.")])) { _, call in
        let context = try call.stageContext()
        guard context.database.dialect == .postgresql else {
            return .table(Table(columns: ["name", "role"], rows: [Record([("name", .string(call.interpreter.actor)), ("role", .string("owner"))])]))
        }
        let rows = try context.database.query("""
            SELECT r.rolname AS name, substr(g.rolname, 8) AS role FROM pg_roles r
            JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid
            WHERE g.rolname IN ('funnel_member', 'funnel_manager') AND r.rolcanlogin
            ORDER BY r.rolname
            """)
        return .table(Table(columns: ["name", "role"], rows: rows.map { row in
            Record([("name", .string(row.text("name") ?? "")), ("role", .string(row.text("role") ?? ""))])
        }))
    }
}
