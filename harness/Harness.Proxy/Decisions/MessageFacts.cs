using Harness.Proxy.Faults;

namespace Harness.Proxy.Decisions;

/// <summary>What the fault rules look at for one message: all values a decision may depend on, and nothing else.</summary>
public readonly record struct MessageFacts(FaultDirection Direction, RuleMessageKind Kind, int Session, long Number, int Attempt);
