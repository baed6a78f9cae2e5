import FunnelModel
import StageKit

/// `evidence list`: the library.
enum EvidenceListCommand {
    static let command = Command(CommandSignature(
        "evidence list",
        summary: "List the evidence library.",
        examples: [Example("evidence list", "Every case study and testimonial.", setup: "evidence add testimonial \"Happy customer\"")]), catalog: true) { _, _ in
        .relation(Relation(source: "evidence", columns: [
            .init("id", .id(.evidence, "id")), .init("kind", .text("kind")), .init("title", .text("title")),
            .init("products", .text("products")), .init("industries", .text("industries")), .init("summary", .text("summary")),
        ], order: "id"))
    }
}
