import StageKit

/// What both stores check of a database's applied migrations before they touch it.
public enum MigrationHistory {
    /// Throws when the database has a migration of a module this funnel has migrations of, but not
    /// that one: a newer funnel (or a newer version of a plugin) brought it up to date, and this one
    /// would read and write tables whose shape it does not know. Migrations of modules this funnel
    /// does not have at all (a plugin that is not installed now) are left alone. `database` names the
    /// database in the message (a path, or a URL without its password).
    public static func refuseNewer(_ applied: Set<String>, known: [String], database: String) throws {
        func module(_ identifier: String) -> Substring { identifier.prefix { $0 != "/" } }
        let knownIdentifiers = Set(known)
        let knownModules = Set(known.map(module))
        let newer = applied.filter { !knownIdentifiers.contains($0) && knownModules.contains(module($0)) }.sorted()
        guard let first = newer.first else { return }
        throw DatabaseFailure("\(database) was brought up to date by a newer funnel: it has \(first)\(newer.count > 1 ? " and \(newer.count - 1) more" : ""), "
                              + "which this funnel does not know; open it with that funnel or a newer one (this one could damage it)")
    }
}
