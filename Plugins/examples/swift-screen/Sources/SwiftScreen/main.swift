import Foundation

// "need-first" screening: need 20 points a level (0-3), authority 20, a timeline within 90 days 20;
// qualified at 60. Speaks Funnel's plugin protocol 1.x: one JSON object per line, read and written
// with Codable (much faster than JSONSerialization on Linux).

let protocolVersion = "1.0"

/// What Funnel sends: `hello`, `call` (with the leads, only the fields asked for) or `goodbye`.
struct Message: Decodable {
    let type: String
    let id: Int?
    let `protocol`: String?
    let records: [Lead]?
}

/// A lead as sent; every field may be missing or null.
struct Lead: Decodable {
    let id: String
    let need: Int?
    let authority: Bool?
    let timeline: Int?
}

struct Answer: Encodable {
    let id: String
    let score: Int
    let verdict: String
    let why: String
}

struct Records: Encodable {
    let type = "records"
    let id: Int
    let records: [Answer]
}

struct Done: Encodable {
    let type = "done"
    let id: Int
}

struct Failure: Encodable {
    let type = "error"
    let message: String
}

struct Hello: Encodable {
    struct Stage: Encodable {
        let slot = "screen", implementation = "need-first", follows = "capture"
        let summary = "Need first: need 20 a level, authority 20, timeline within 90 days 20; qualified at 60."
        // `fields`: only these columns of each lead are sent (id and name always are).
        let commands = [Command()]
    }
    struct Command: Encodable {
        let name = "lead screen", kind = "screen", summary = "Score leads need first."
        let fields = ["need", "authority", "timeline"]
    }
    let type = "hello"
    let `protocol` = protocolVersion
    let name = "swift-screen", version = "1.0.0"
    let features = ["batches"]
    let stages = [Stage()]
}

let encoder = JSONEncoder()
let decoder = JSONDecoder()

func send(_ message: some Encodable) {
    guard var data = try? encoder.encode(message) else { return }
    data.append(10)
    FileHandle.standardOutput.write(data)
}

func score(_ lead: Lead) -> Answer {
    let need = max(0, min(3, lead.need ?? 0))
    let authority = lead.authority == true ? 20 : 0
    let timeline = lead.timeline.map { $0 <= 90 ? 20 : 0 } ?? 0
    let total = need * 20 + authority + timeline
    return Answer(id: lead.id, score: total, verdict: total >= 60 ? "qualified" : "disqualified",
                  why: "need \(need * 20) · authority \(authority) · timeline \(timeline)")
}

while let line = readLine() {
    guard let message = try? decoder.decode(Message.self, from: Data(line.utf8)) else { continue }
    switch message.type {
    case "hello":
        guard message.protocol?.split(separator: ".").first == "1" else {
            send(Failure(message: "this plugin speaks protocol \(protocolVersion)"))
            exit(1)
        }
        send(Hello())
    case "call":
        let id = message.id ?? 0
        send(Records(id: id, records: (message.records ?? []).map(score)))
        send(Done(id: id))
    case "goodbye":
        exit(0)
    default:
        continue
    }
}
