using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Harness.Proxy.Faults.Actions;

/// <summary>Answers with an HTTP error status instead of forwarding (request) or instead of the answer (response).</summary>
public sealed record HttpErrorAction(int Status) : FaultAction, IFaultActionSyntax
{
    public static string YamlName => "http-error";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("!", "http-error: answered with an error status");

    public static FaultAction Read(FaultActionSyntax syntax) =>
        new HttpErrorAction(syntax.Parameters("status").Int("status", min: 400, max: 599) ?? 503);

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        exchange.Http.Response.Clear();
        exchange.Http.Response.StatusCode = Status;
        return ValueTask.FromResult(FaultOutcome.Ended("http-error"));
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"http-error {Status}");
}
