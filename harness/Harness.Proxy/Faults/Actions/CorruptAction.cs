using System.Globalization;
using Harness.Yaml;

namespace Harness.Proxy.Faults.Actions;

/// <summary>How a body is damaged.</summary>
public enum CorruptionMode
{
    /// <summary>Some bytes are flipped (XOR 0xFF) at positions drawn from the seed.</summary>
    Flip,

    /// <summary>The body is cut short.</summary>
    Truncate,
}

/// <summary>Damages the body: flips <see cref="Bytes"/> bytes, or keeps only the fraction <see cref="Keep"/>.</summary>
public sealed record CorruptAction(CorruptionMode Mode, int Bytes = 4, double Keep = 0.5) : FaultAction, IFaultActionSyntax
{
    /// <summary>The <c>mode</c> parameter's names.</summary>
    public static YamlChoices<CorruptionMode> Modes { get; } = YamlChoices.FromEnum<CorruptionMode>("mode");

    public static string YamlName => "corrupt";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("\u224B", "corrupt: bytes altered");

    /// <summary><c>bytes</c> goes with mode <c>flip</c> and <c>keep</c> with <c>truncate</c>; the other one is a mistake.</summary>
    public static FaultAction Read(FaultActionSyntax syntax)
    {
        var parameters = syntax.Parameters("mode", "bytes", "keep");
        var corrupt = new CorruptAction(parameters.Choice("mode", Modes, CorruptionMode.Flip));
        var (misplacedKey, itsMode) = corrupt.Mode == CorruptionMode.Flip ? ("keep", "truncate") : ("bytes", "flip");
        if (parameters.KeyNode(misplacedKey) is { } misplaced)
        {
            throw syntax.Error(misplaced, $"'{misplacedKey}' applies only to mode {itsMode}");
        }

        return corrupt with
        {
            Bytes = parameters.Int("bytes", min: 1) ?? corrupt.Bytes,
            Keep = parameters.Double("keep", 0, 1, maxInclusive: false) ?? corrupt.Keep,
        };
    }

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        var body = exchange.Body;
        if (body.Length == 0)
        {
            return ValueTask.FromResult(FaultOutcome.Pass("empty body: nothing to corrupt"));
        }

        if (Mode == CorruptionMode.Truncate)
        {
            var keep = (int)(body.Length * Keep);
            exchange.Body = body[..keep];
            return ValueTask.FromResult(FaultOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"truncated to {keep} of {body.Length} bytes")));
        }

        var damaged = (byte[])body.Clone();
        var positions = new List<int>(Bytes);
        for (var i = 0; i < Bytes; i++)
        {
            var position = (int)(exchange.Draw(10 + i) * damaged.Length);
            damaged[position] ^= 0xFF;
            positions.Add(position);
        }

        exchange.Body = damaged;
        return ValueTask.FromResult(FaultOutcome.Pass("flipped bytes at " + string.Join(",", positions)));
    }

    public override string Describe() => Mode == CorruptionMode.Truncate
        ? string.Create(CultureInfo.InvariantCulture, $"corrupt (truncate, keep {Keep})")
        : string.Create(CultureInfo.InvariantCulture, $"corrupt (flip {Bytes} bytes)");
}
