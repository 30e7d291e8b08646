namespace Harness.Protocol.Serialization;

/// <summary>Bounds on what a reader accepts, so a hostile message costs little.</summary>
public sealed record WireLimits
{
    /// <summary>4 MiB: room for the large-payload scenarios, far below what would strain memory.</summary>
    public const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>WCF's default reader quota for element depth.</summary>
    public const int DefaultMaxDepth = 32;

    public static readonly WireLimits Default = new();

    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    public int MaxDepth { get; init; } = DefaultMaxDepth;
}
