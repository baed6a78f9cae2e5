import FunnelModel

/// The type an argument is parsed and validated as.
@frozen public enum ArgumentType: Sendable, Equatable {
    case string
    case int
    case money
    case date
    /// A flag that takes no value: present means true.
    case bool
    case id(EntityKind)
    /// One of a fixed set of words (matched case-insensitively).
    case choice([String])
    /// A path to a file.
    case file
    /// A word naming another command, e.g. for `help`.
    case commandName
    /// Any value: a bare word is read as a number, amount, date, bool or else text.
    case word
    case decimal
    case duration
    /// A block of code: `{ |row| ... }`.
    case closure
    /// A row condition written after the command: `where budget > 1000 and industry == retail`.
    case condition
    case list
    case record
    case table

    /// How the type is shown in usage lines.
    public var placeholder: String {
        switch self {
        case .string: return "TEXT"
        case .word: return "VALUE"
        case .decimal: return "NUMBER"
        case .duration: return "DURATION"
        case .closure: return "{ CLOSURE }"
        case .condition: return "CONDITION"
        case .list: return "LIST"
        case .record: return "RECORD"
        case .table: return "TABLE"
        case .int: return "N"
        case .money: return "AMOUNT"
        case .date: return "DATE"
        case .bool: return ""
        case .id(let kind): return "\(kind.prefix)-N"
        case .choice(let words): return words.joined(separator: "|")
        case .file: return "FILE"
        case .commandName: return "COMMAND"
        }
    }
}

/// A positional parameter of a command.
public struct Positional: Sendable {
    public var name: String
    public var type: ArgumentType
    public var summary: String
    public var isOptional: Bool
    /// Takes every remaining positional word.
    public var isRest: Bool

    public init(_ name: String, _ type: ArgumentType, _ summary: String, optional: Bool = false, rest: Bool = false) {
        self.name = name
        self.type = type
        self.summary = summary
        self.isOptional = optional
        self.isRest = rest
    }
}

/// A named `--flag` of a command.
public struct Flag: Sendable {
    public var name: String
    public var type: ArgumentType
    public var summary: String
    public var defaultValue: Value?

    /// May be given several times; the command receives a list of the values.
    public var isRepeatable: Bool

    /// Values Tab completion offers for a flag whose type takes any text (`--by`): these words, then
    /// the names of the custom fields declared on these entities, read when completing.
    public var suggestions: (words: [String], customFieldsOf: [CustomFields.Entity]) = ([], [])

    public init(_ name: String, _ type: ArgumentType, _ summary: String, default defaultValue: Value? = nil,
                repeatable: Bool = false) {
        self.name = name
        self.type = type
        self.summary = summary
        self.defaultValue = defaultValue
        self.isRepeatable = repeatable
    }

    /// The flag, with Tab completion offering `words` and the custom fields of `customFieldsOf`.
    public func suggesting(_ words: [String], customFieldsOf entities: [CustomFields.Entity] = []) -> Flag {
        var flag = self
        flag.suggestions = (words, entities)
        return flag
    }
}

/// What a command consumes from or produces into a pipeline.
@frozen public enum PipelineShape: String, Sendable {
    case nothing
    case table
    case any
    /// A table that may be stored rows not read yet (`Value.relation`): the command reads them itself,
    /// in batches, instead of the shell reading them all into memory first.
    case storedRows
}

/// How much a command changes: `none` reads only; `high` deletes, signs or changes many records.
@frozen public enum Impact: String, Sendable, Comparable {
    case none, low, high

    public static func < (a: Impact, b: Impact) -> Bool {
        let order: [Impact] = [.none, .low, .high]
        return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
    }
}

/// An example of a command's use, shown by `help` and run by the test suite.
public struct Example: Sendable {
    /// Commands run first so the example has something to work on (not shown by help).
    public var setup: String
    public var script: String
    public var summary: String

    public init(_ script: String, _ summary: String, setup: String = "") {
        self.script = script
        self.summary = summary
        self.setup = setup
    }
}

/// A field an import command fills from a column of the file it reads, declared once: the import
/// recognises its columns by these names and `help` lists them, so the two cannot drift apart.
public struct ImportField: Sendable, Equatable {
    /// The field's name, the target of `--map 'Column=field'`.
    public var name: String
    /// What a cell holds, as help shows it: `text`, `date`, `amount`, `won|lost|open`, ...
    public var type: String
    /// A file without a column for it is refused.
    public var isRequired: Bool
    /// Headers recognised for the field besides its own name, compared with case, spaces and
    /// punctuation ignored (`Invoice Date` = `invoice_date`); one ending in `*` is a prefix
    /// (`Budget*` takes `Budget (CNY)`).
    public var headers: [String]
    /// What the field is, one short phrase; may be empty.
    public var summary: String
    /// For a family of fields, one for each of these words: the upper-case word of `name` (`STAGE`
    /// in `entered STAGE`) replaced by each makes one field of its own (`entered negotiate`), with
    /// the same type. Empty for a single field.
    public var variants: [String]

    public init(_ name: String, _ type: String, required: Bool = false, headers: [String] = [], _ summary: String = "",
                each variants: [String] = []) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.headers = headers
        self.summary = summary
        self.variants = variants
    }

    /// The fields a file's columns can fill: this one, or for a family one per variant, named with
    /// the variant in place of the upper-case word (in its headers too). Help lists the family once,
    /// by its own name; imports fit columns to the expanded fields.
    public var expanded: [ImportField] {
        guard !variants.isEmpty else { return [self] }
        let words = name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let placeholder = words.first(where: { $0.count > 1 && $0.allSatisfy(\.isUppercase) }) else { return [self] }
        /// `text` with each word that is the placeholder replaced by `variant`.
        func filled(_ text: String, _ variant: String) -> String {
            text.split(separator: " ", omittingEmptySubsequences: false).map { $0 == placeholder ? variant : String($0) }.joined(separator: " ")
        }
        return variants.map { variant in
            ImportField(filled(name, variant), type, required: isRequired, headers: headers.map { filled($0, variant) }, summary)
        }
    }

    /// The headers help lists for the field: its name and headers, or for a family those of every
    /// field it stands for.
    public var listedHeaders: [String] { expanded.flatMap { [$0.name] + $0.headers } }

    /// Lower-case letters and digits only: `Lead Source` → `leadsource`; how headers are compared.
    public static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    /// Whether a file's column header names this field: its own name or one of its headers.
    public func recognises(_ header: String) -> Bool {
        let key = ImportField.key(header)
        if key.isEmpty { return false }
        return ([name] + headers).contains { known in
            known.hasSuffix("*") ? key.hasPrefix(ImportField.key(String(known.dropLast()))) : key == ImportField.key(known)
        }
    }

    /// The fields of an import that keeps its column table as `aliases` (a header's key → the field
    /// it fills): every field in `order`, then any other the table names, each with the headers that
    /// table maps to it. Types and required fields come from `types` and `required`; a field not in
    /// `types` is text. Adding an alias to the table adds it to the listing.
    public static func fromTable(order: [String], aliases: [String: String], types: [String: String] = [:],
                                 required: Set<String> = [], summaries: [String: String] = [:],
                                 prefixes: [String: String] = [:]) -> [ImportField] {
        let names = order + Set(aliases.values).subtracting(order).sorted()
        // Grouped once, not filtered per field: commands are built at every start-up.
        let aliasesOf = Dictionary(grouping: aliases.keys) { aliases[$0] ?? "" }
        let prefixesOf = Dictionary(grouping: prefixes.keys) { prefixes[$0] ?? "" }
        return names.map { name in
            let ownKey = ImportField.key(name)
            let headers = (aliasesOf[name] ?? []).filter { $0 != ownKey }.sorted()
                + (prefixesOf[name] ?? []).map { $0 + "*" }.sorted()
            return ImportField(name, types[name] ?? "text", required: required.contains(name), headers: headers, summaries[name] ?? "")
        }
    }
}

/// Everything the shell knows about a command: from this one value come parsing, validation,
/// `help`, Tab completion and the reference docs.
public struct CommandSignature: Sendable {
    /// The words that invoke it, e.g. `lead add`.
    public var name: String
    /// One sentence, ending in a period.
    public var summary: String
    public var positionals: [Positional]
    public var flags: [Flag]
    public var input: PipelineShape
    public var output: PipelineShape
    public var impact: Impact
    public var examples: [Example]
    /// For an import: the fields it fills from the file's columns, listed by `help`.
    public var importFields: [ImportField]

    /// Whether the command creates something and returns it as a record (`creating()`).
    public private(set) var creates = false

    /// For a command that lists an entity: the columns a table on a terminal shows by default (`showing(_:)`);
    /// empty when every column is shown.
    public private(set) var displayColumns: [String] = []

    /// The same signature, for a command that lists an entity: at a terminal its table shows `columns`
    /// (those that exist), then any column added further down the pipeline; `--wide` and `--expand`
    /// show every column, and the value passed on, `--json` and `--csv` always hold every column.
    public func showing(_ columns: [String]) -> CommandSignature {
        var signature = self
        signature.displayColumns = columns
        return signature
    }

    /// The same signature, for a command that creates something and returns its record: the shell
    /// shows the command's own line (`L-1 added: Acme`) instead of the record when the value is not
    /// used (`Invocation.isValueUsed`), as nushell and PowerShell do.
    public func creating() -> CommandSignature {
        var signature = self
        signature.creates = true
        if signature.output == .nothing { signature.output = .any }
        return signature
    }

    public init(_ name: String, summary: String, positionals: [Positional] = [], flags: [Flag] = [],
                input: PipelineShape = .nothing, output: PipelineShape = .table, impact: Impact = .none,
                examples: [Example] = [], importFields: [ImportField] = []) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.flags = flags
        self.input = input
        self.output = output
        self.impact = impact
        self.examples = examples
        self.importFields = importFields
    }

    /// Every flag the command accepts: its own, `--dry-run` for commands with side effects, `--yes`
    /// for high-impact ones (which otherwise ask before changing anything in an interactive session).
    public var allFlags: [Flag] {
        switch impact {
        case .none: return flags
        case .low: return flags + [Flag("dry-run", .bool, "Show what would change without changing it.")]
        case .high:
            return flags + [Flag("dry-run", .bool, "Show what would change without changing it."),
                            Flag("yes", .bool, "Do it without asking for confirmation.")]
        }
    }

    public func flag(named name: String) -> Flag? { allFlags.first { $0.name == name } }

    /// `lead add NAME [--budget AMOUNT] ...`
    public var usage: String {
        var parts = [name]
        for p in positionals {
            let word = p.name.uppercased() + (p.isRest ? "..." : "")
            parts.append(p.isOptional ? "[\(word)]" : word)
        }
        for f in allFlags {
            let value = f.type.placeholder
            parts.append(value.isEmpty ? "[--\(f.name)]" : "[--\(f.name) \(value)]")
        }
        return parts.joined(separator: " ")
    }
}
