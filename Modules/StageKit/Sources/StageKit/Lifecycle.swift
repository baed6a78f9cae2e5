import FunnelModel

/// The well-known lifecycle, in one place: the slots a stage can fill or follow, and the kinds of
/// record they hand each other, with the prefixes of their ids. A stage of any implementation (built
/// in, loaded from a shared object, or a team's own) names these instead of spelling its own.
///
/// The order of `StageSlot.wellKnown` is the lifecycle's: leads are captured and screened, needs
/// discovered, products recommended, deals negotiated and signed, payments collected, customers served
/// and revisited; the process is analysed and reviewed. Each slot's implementation says which slot it
/// `follows`, and a team may insert a slot of its own after any of them.
extension StageSlot {
    /// Leads come in: typed, imported from other tools, de-duplicated.
    public static let capture = StageSlot("capture")
    /// Leads are scored and qualified into a customer, a contact and a deal.
    public static let screen = StageSlot("screen")
    /// A deal's needs, stakeholders and competitors are found.
    public static let discover = StageSlot("discover")
    /// Products are proposed for the needs, with evidence.
    public static let recommend = StageSlot("recommend")
    /// Quotes are made, discounted and accepted.
    public static let negotiate = StageSlot("negotiate")
    /// An accepted quote becomes a contract, and the deal is won.
    public static let sign = StageSlot("sign")
    /// Invoices are issued from the contract's terms, payments collected, debtors reminded.
    public static let payment = StageSlot("payment")
    /// Customers' tickets are answered within the contract's service level.
    public static let service = StageSlot("service")
    /// Customers are revisited, their satisfaction measured, repeat deals found.
    public static let revisit = StageSlot("revisit")
    /// The process is measured: funnel, stages, win/loss, forecast, receivables.
    public static let analyze = StageSlot("analyze")
    /// The process is reviewed for a period, with findings.
    public static let review = StageSlot("review")

    /// What a deal must have to leave this slot, whichever implementation fills it: the hand-off the
    /// next slot needs. Empty when nothing is missing. `deal advance` asks it besides the active
    /// implementation's own `exitCheck`.
    /// - discover: needs (`FoundNeed`, at least `discover.gate.min-needs`, default 1) and a confirmed
    ///   budget (`BudgetConfirmation`, unless `discover.gate.budget-confirmed` is false);
    /// - recommend: a proposed product (`Proposal`);
    /// - negotiate: an accepted quote (`AcceptedQuote`);
    /// - sign: a signed contract.
    public func handOffMissing(for deal: EntityID, in database: any SQLDatabase) throws -> [String] {
        switch self {
        case .discover:
            var missing: [String] = []
            let minimum = try Self.gateSetting(Self.minimumNeeds, in: database).flatMap { Int64($0.trimmingSpaces) } ?? 1
            let needs = try database.query("SELECT count(*) AS n FROM needs WHERE deal_id = ?", [.integer(deal.number)]).first?.integer("n") ?? 0
            if needs < minimum { missing.append(minimum == 1 ? "no need recorded" : "\(needs) of \(minimum) needs recorded") }
            let budgetAsked = try Self.gateSetting(Self.budgetConfirmedRequired, in: database).map { ["true", "yes", "1"].contains($0.lowercased()) } ?? true
            if budgetAsked, try !BudgetConfirmation.isConfirmed(deal, in: database) { missing.append("budget not confirmed") }
            return missing
        case .recommend:
            return try Proposal.count(of: deal, in: database) == 0 ? ["no product recommended yet (deal recommend \(deal))"] : []
        case .negotiate:
            return try AcceptedQuote.count(of: deal, in: database) == 0 ? ["no accepted quote"] : []
        case .sign:
            let signed = try database.query("SELECT count(*) AS n FROM contracts WHERE deal_id = ? AND status = 'signed'",
                                            [.integer(deal.number)]).first?.integer("n") ?? 0
            return signed == 0 ? ["no signed contract"] : []
        default:
            return []
        }
    }

    /// How many needs a deal must have to leave discover: a setting of the slot's gate, which every
    /// implementation of discover declares among its `settings`.
    public static let minimumNeeds = Setting.integer("discover.gate.min-needs", "Needs a deal must have recorded to leave discovery.",
                                                     default: 1, in: 0...1000)
    /// Whether a deal's budget must be confirmed to leave discover: a setting of the slot's gate.
    public static let budgetConfirmedRequired = Setting.bool("discover.gate.budget-confirmed",
                                                             "Whether the budget must be confirmed to leave discovery.", default: true)

    /// A gate setting's value, refused with a hint when it is not one the setting takes.
    private static func gateSetting(_ setting: Setting, in database: any SQLDatabase) throws -> String? {
        guard let text = try database.query("SELECT value FROM settings WHERE key = ?", [.text(setting.key)]).first?.text("value") else { return nil }
        if let problem = setting.problem(text) {
            throw CommandError("setting \(setting.key): \(problem)", hint: "config set \(setting.key) \(setting.defaultValue ?? "")")
        }
        return text
    }

    /// Every well-known slot, in lifecycle order.
    public static let wellKnown: [StageSlot] = [
        .capture, .screen, .discover, .recommend, .negotiate, .sign, .payment, .service, .revisit, .analyze, .review,
    ]
}

extension EntityKind {
    /// A contact met in discovery: a meeting, call or demo (`A-3`).
    public static let activity = EntityKind(prefix: "A", noun: "activity")
    /// A need found in discovery, matched in recommendation (`N-3`).
    public static let need = EntityKind(prefix: "N", noun: "need")
    /// A product of the catalog (`PR-3`).
    public static let product = EntityKind(prefix: "PR", noun: "product")
    /// An item of the evidence library: a case study, reference or benchmark (`E-3`).
    public static let evidence = EntityKind(prefix: "E", noun: "evidence")
    /// A quote, with its lines and versions (`Q-3`).
    public static let quote = EntityKind(prefix: "Q", noun: "quote")
    /// An objection raised in negotiation (`O-3`).
    public static let objection = EntityKind(prefix: "O", noun: "objection")
    /// A signed contract (`K-3`).
    public static let contract = EntityKind(prefix: "K", noun: "contract")
    /// An invoice (`I-3`).
    public static let invoice = EntityKind(prefix: "I", noun: "invoice")
    /// A service ticket (`T-3`).
    public static let ticket = EntityKind(prefix: "T", noun: "ticket")

    /// Every well-known kind of record with an id; no two share a prefix.
    public static let wellKnown: [EntityKind] = [
        .lead, .customer, .contact, .deal, .activity, .need, .product, .evidence, .quote, .objection, .contract, .invoice, .ticket,
    ]
}

extension StageDescriptor {
    /// An implementation of a well-known slot, following the slot before it in `StageSlot.wellKnown`
    /// (capture follows none). A slot of your own says what it follows with the full initialiser.
    public init(slot: StageSlot, implementation: String, summary: String, version: String) {
        let before = StageSlot.wellKnown.firstIndex(of: slot).flatMap { $0 > 0 ? StageSlot.wellKnown[$0 - 1] : nil }
        self.init(slot: slot, implementation: implementation, summary: summary, version: version, follows: before)
    }
}
