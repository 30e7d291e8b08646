using System.CommandLine;
using System.Globalization;
using Harness.Cli.Rendering;
using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Report;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness bench</c>: measures, in one run on this machine, what the fault proxy costs each client (throughput and
/// latency direct, through plain YARP, through the fault proxy without and with its trace), goodput and
/// retransmissions under request loss, and peak memory of a big run; prints the figures with the goals beside them and
/// writes them as JSON. Exit code 0 whenever it ran: an unmet goal is a finding, not a failure of the command, and the
/// figures move with the machine, so a script that wants a gate reads the JSON's goals.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var quick = new Option<bool>("--quick") { Description = "Tiny runs (one round each): every figure in about 10 s instead of about 90 s, and much noisier." };
        var rounds = new Option<int?>("--rounds") { Description = $"Rounds of the path comparison (default {BenchOptions.Default.Rounds}); each runs every path once per client, and figures are medians over rounds." };
        rounds.AcceptWholeNumber(1, 100);
        var calls = new Option<int?>("--calls") { Description = $"Calls per run of the path comparison (default {BenchOptions.Default.CallsPerRun})." };
        calls.AcceptWholeNumber(10, 1_000_000);
        var lossRounds = new Option<int?>("--loss-rounds") { Description = $"Rounds of the loss comparison (default {BenchOptions.Default.LossRounds})." };
        lossRounds.AcceptWholeNumber(1, 100);
        var lossCalls = new Option<int?>("--loss-calls") { Description = $"Calls per loss run (default {BenchOptions.Default.LossCallsPerRun}); every lost message stalls its session for a retransmission timeout, so lossy runs are slow." };
        lossCalls.AcceptWholeNumber(10, 1_000_000);
        var memorySessions = new Option<int?>("--memory-sessions") { Description = $"Sessions of the memory run (default {BenchOptions.Default.MemorySessions})." };
        memorySessions.AcceptWholeNumber(1, 1_000);
        var memoryMessages = new Option<int?>("--memory-messages") { Description = $"Messages per session of the memory run (default {BenchOptions.Default.MemoryMessages})." };
        memoryMessages.AcceptWholeNumber(1, 1_000_000);
        var seed = new Option<long?>("--seed") { Description = $"Seed of the first loss round's drop decisions (default {BenchOptions.Default.Seed}); round n uses seed + n." };
        seed.AcceptWholeNumber();
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures, goals and machine here (default reports/bench/bench-<UTC time>.json)." };
        json.AcceptFilePath();
        var markdown = new Option<bool>("--markdown") { Description = "Print the tables as Markdown, to paste into a document." };

        var command = new Command(
            "bench",
            "Measure, side by side on this machine, the harness and WCF clients direct, through plain YARP and through the fault proxy (empty plan, without and with its trace): "
            + "throughput, added latency, goodput at 1% and 10% request loss, retransmissions per lost message, peak memory of 20 sessions x 1,000 messages; print them beside the goals and write JSON. "
            + "Exit code 0 when it ran (unmet goals are reported, not failures), 1 when interrupted, 2 for usage errors.")
        {
            quick,
            rounds,
            calls,
            lossRounds,
            lossCalls,
            memorySessions,
            memoryMessages,
            seed,
            json,
            markdown,
        };

        command.SetAction(async (parseResult, invocationToken) =>
        {
            var preset = parseResult.GetValue(quick) ? BenchOptions.Quick : BenchOptions.Default;
            var options = preset with
            {
                Rounds = parseResult.GetValue(rounds) ?? preset.Rounds,
                CallsPerRun = parseResult.GetValue(calls) ?? preset.CallsPerRun,
                LossRounds = parseResult.GetValue(lossRounds) ?? preset.LossRounds,
                LossCallsPerRun = parseResult.GetValue(lossCalls) ?? preset.LossCallsPerRun,
                MemorySessions = parseResult.GetValue(memorySessions) ?? preset.MemorySessions,
                MemoryMessages = parseResult.GetValue(memoryMessages) ?? preset.MemoryMessages,
                Seed = parseResult.GetValue(seed) ?? preset.Seed,
            };
            if (options.Problem() is { } problem)
            {
                await error.WriteLineAsync($"harness bench: {problem}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var jsonPath = parseResult.GetValue(json)?.FullName
                ?? Path.GetFullPath(Path.Combine("reports", "bench", string.Create(CultureInfo.InvariantCulture, $"bench-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.json")));
            var console = CommandOutput.For(output);
            var steps = BenchPlan.For(options).Count;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench: {steps} runs, one at a time (Ctrl+C stops it); JSON: {jsonPath}")).ConfigureAwait(false);

            using var shutdown = new ShutdownSignal(invocationToken);
            var progress = BenchProgress.Create(console);
            BenchReport report;
            try
            {
                report = await progress.TrackAsync(() => Bench.RunAsync(options, progress, shutdown.Token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                await error.WriteLineAsync("harness bench: interrupted; no figures written").ConfigureAwait(false);
                return ExitCodes.GuaranteeBroken;
            }

            report = report with { Command = CommandLineText.Of(parseResult) };
            if (parseResult.GetValue(markdown))
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteAsync(BenchTables.Markdown(report)).ConfigureAwait(false);
            }
            else
            {
                await BenchTables.WriteAsync(console, report, CancellationToken.None).ConfigureAwait(false);
            }

            await BenchJson.WriteAsync(report, jsonPath, CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync($"JSON: {jsonPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return command;
    }
}
