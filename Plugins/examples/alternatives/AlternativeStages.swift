import StageKit

/// Other implementations of the well-known slots, written against StageKit alone, as a team replacing
/// one stage would write them. They prove the swap promise: examples/lifecycle.funnel runs with each
/// one in place of the built-in (its section taken from examples/swaps/SLOT.funnel), and the stages
/// after it see the same hand-offs. The out-of-process ones live beside this folder
/// (Plugins/examples/python-*).
///
/// Built into the tests here; to use one in funnel, build it as a shared object (docs/writing-a-stage.md)
/// and `plugin load` it.
public enum AlternativeStages {
    /// Every in-process alternative, in lifecycle order.
    public static let all: [any Stage] = [WebFormCapture(), MeddicDiscovery(), BestSellerRecommendation(), ESignSigning(), NPSSurveyRevisit()]
}
