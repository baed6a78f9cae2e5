import FunnelModel

extension Invocation {
    /// The ids a command works on: its positional `name` if given, then the `id` column of rows piped
    /// in. Stored rows not read yet (`.storedRows` input) are asked for their ids alone, so a million
    /// leads arrive as a million integers. Numbers, not `EntityID`s: they are all of `kind`.
    /// A piped row without an id of that kind is an error naming `command`.
    public func ids(_ name: String, of kind: EntityKind, command: String, in database: any SQLDatabase) throws -> [Int64] {
        var ids: [Int64] = id(name).map { [$0.number] } ?? []
        switch input {
        case .relation(let relation):
            ids += try relation.integers("id", in: database)
        case let input:
            for row in input.rows ?? [] {
                guard case .id(let id)? = row["id"], id.kind == kind else {
                    throw CommandError("\(command) expects rows with a \(kind.noun) id in column \"id\"")
                }
                ids.append(id.number)
            }
        }
        return ids
    }
}
