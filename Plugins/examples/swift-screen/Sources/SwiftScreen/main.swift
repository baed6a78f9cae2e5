import Foundation

// "need-first" screening: need 20 points a level (0-3), authority 20, a timeline within 90 days 20;
// qualified at 60. Speaks Funnel's plugin protocol 1.x: one JSON object per line.

let protocolVersion = "1.0"

func send(_ message: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: message), var line = String(data: data, encoding: .utf8) else { return }
    line += "\n"
    FileHandle.standardOutput.write(Data(line.utf8))
}

func score(_ lead: [String: Any]) -> [String: Any] {
    let need = (lead["need"] as? Int).map { max(0, min(3, $0)) } ?? 0
    let authority = (lead["authority"] as? Bool) == true ? 20 : 0
    let timeline = (lead["timeline"] as? Int).map { $0 <= 90 ? 20 : 0 } ?? 0
    let total = need * 20 + authority + timeline
    let verdict = total >= 60 ? "qualified" : "disqualified"
    return ["id": lead["id"] ?? NSNull(), "score": total, "verdict": verdict,
            "why": "need \(need * 20) · authority \(authority) · timeline \(timeline)"]
}

while let line = readLine() {
    guard let data = line.data(using: .utf8), let message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { continue }
    switch message["type"] as? String {
    case "hello":
        guard (message["protocol"] as? String)?.split(separator: ".").first == "1" else {
            send(["type": "error", "message": "this plugin speaks protocol \(protocolVersion)"])
            exit(1)
        }
        send(["type": "hello", "protocol": protocolVersion, "name": "swift-screen", "version": "1.0.0", "features": ["batches"],
              "stages": [["slot": "screen", "implementation": "need-first", "follows": "capture",
                          "summary": "Need first: need 20 a level, authority 20, timeline within 90 days 20; qualified at 60.",
                          // `fields`: only these columns of each lead are sent (id and name always are).
                          "commands": [["name": "lead screen", "kind": "screen", "summary": "Score leads need first.",
                                        "fields": ["need", "authority", "timeline"]]]]]])
    case "call":
        let id = message["id"] ?? 0
        let records = (message["records"] as? [[String: Any]]) ?? []
        send(["type": "records", "id": id, "records": records.map(score)])
        send(["type": "done", "id": id])
    case "goodbye":
        exit(0)
    default:
        continue
    }
}
