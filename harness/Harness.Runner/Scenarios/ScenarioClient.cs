namespace Harness.Runner.Scenarios;

/// <summary>Which client drives a scenario's sessions; YAML names <c>wcf</c> and <c>harness</c>.</summary>
public enum ClientKind
{
    /// <summary>The real WCF client (<c>System.ServiceModel.Http</c> + <c>Primitives</c>): what users run, so the default.</summary>
    Wcf,

    /// <summary>The harness's own RM source: every timer adjustable, for what WCF exposes no knob for.</summary>
    Harness,
}

/// <summary>The service contract the client's channel is typed with; YAML names <c>mixed</c> and <c>one-way-only</c>.</summary>
public enum ContractShape
{
    /// <summary>The journal contract (<c>Append</c> request-reply, <c>Post</c> one-way): CreateSequence offers a sequence for replies.</summary>
    Mixed,

    /// <summary>Only the one-way <c>Post</c>: CreateSequence makes no Offer.</summary>
    OneWayOnly,
}
