/// A compact text form of a syntax tree, for tests and debugging: `(pipe (cmd lead list) (cmd count))`.
extension Block {
    public var sketch: String { statements.map(\.sketch).joined(separator: "; ") }
}

extension Statement {
    public var sketch: String {
        switch self {
        case .pipeline(let p): return p.sketch
        case .binding(let name, let mutable, let value, _): return "(\(mutable ? "mut" : "let") \(name) \(value.sketch))"
        case .assignment(let name, let op, let value, _): return "(set \(name)\(op.map { " " + $0.rawValue } ?? "") \(value.sketch))"
        case .definition(let d):
            let parameters = d.parameters.map { p in
                "\(p.kind)\(":" + p.name)\(p.type.map { ":" + $0 } ?? "")\(p.defaultValue.map { "=" + $0.sketch } ?? "")"
            }.joined(separator: " ")
            return "(def \(d.name) [\(parameters)] {\(d.body.sketch)})"
        case .forLoop(let v, let sequence, let body, _): return "(for \(v) \(sequence.sketch) {\(body.sketch)})"
        case .whileLoop(let condition, let body, _): return "(while \(condition.sketch) {\(body.sketch)})"
        case .breakLoop: return "(break)"
        case .continueLoop: return "(continue)"
        case .returnValue(let value, _): return "(return\(value.map { " " + $0.sketch } ?? ""))"
        case .tryCatch(let body, let name, let handler, _):
            return "(try {\(body.sketch)}\(name.map { " |\($0)|" } ?? "")\(handler.map { " {\($0.sketch)}" } ?? ""))"
        }
    }
}

extension Pipeline {
    public var sketch: String {
        let parts = elements.map { element -> String in
            switch element {
            case .command(let call): return call.sketch
            case .expression(let e): return e.sketch
            }
        }
        return parts.count == 1 ? parts[0] : "(pipe " + parts.joined(separator: " ") + ")"
    }
}

extension CommandCall {
    public var sketch: String {
        "(cmd " + arguments.map { argument -> String in
            switch argument {
            case .flag(let name, let value, _): return "--\(name)" + (value.map { "=" + $0.sketch } ?? "")
            case .positional(let e): return e.sketch
            }
        }.joined(separator: " ") + ")"
    }
}

extension Expression {
    public var sketch: String {
        switch self {
        case .literal(let literal, _):
            switch literal {
            case .int(let i): return String(i)
            case .decimal(let d): return "dec:" + d
            case .money(let m): return "money:" + m
            case .duration(let s): return "dur:\(s)"
            case .months(let m): return "months:\(m)"
            case .date(let d): return "date:" + d
            case .range(let a, let b): return "\(a)..\(b)"
            case .string(let s): return "\"\(s)\""
            case .bool(let b): return String(b)
            case .null: return "null"
            }
        case .bareWord(let text, _): return text
        case .column(let name, let strict, _): return strict ? "col:\(name)" : "col?:\(name)"
        case .variable(let name, let path, _): return "$" + name + path.written
        case .interpolation(let parts, _):
            return "(str " + parts.map { part -> String in
                switch part {
                case .text(let t): return "\"\(t)\""
                case .expression(let e): return e.sketch
                }
            }.joined(separator: " ") + ")"
        case .list(let items, _): return "[" + items.map(\.sketch).joined(separator: " ") + "]"
        case .record(let fields, _): return "{" + fields.map { "\($0.key): \($0.value.sketch)" }.joined(separator: ", ") + "}"
        case .closure(let c, _): return "(closure [\(c.parameters.joined(separator: " "))] {\(c.body.sketch)})"
        case .subexpression(let block, let path, _): return "(sub {\(block.sketch)}" + path.written + ")"
        case .chain(let first, let links, _):
            // Written as the nested binary operations it means, left to right: (- (+ a b) c).
            var text = links.reversed().map { "(" + $0.op.rawValue + " " }.joined() + first.sketch
            for link in links { text += " " + link.operand.sketch + ")" }
            return text
        case .not(let e, _): return "(not \(e.sketch))"
        case .range(let a, let b, _): return "(range \(a.sketch) \(b.sketch))"
        case .negate(let e, _): return "(neg \(e.sketch))"
        case .call(let call): return call.sketch
        case .ifElse(let branch):
            let branches = branch.branches.map { "\($0.condition.sketch) {\($0.body.sketch)}" }.joined(separator: " elif ")
            return "(if \(branches)\(branch.otherwise.map { " else {\($0.sketch)}" } ?? ""))"
        case .match(let match):
            let arms = match.arms.map { arm in
                arm.patterns.map { pattern in
                    switch pattern {
                    case .value(let e): return e.sketch
                    case .range(let a, let b): return "\(a)..\(b)"
                    case .any: return "_"
                    }
                }.joined(separator: " | ") + " => {\(arm.body.sketch)}"
            }
            return "(match \(match.subject.sketch) \(arms.joined(separator: ", ")))"
        }
    }
}
