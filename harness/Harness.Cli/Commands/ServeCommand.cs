using System.CommandLine;
using System.Globalization;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;

namespace Harness.Cli.Commands;

/// <summary><c>harness serve</c>: hosts the journal service until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1 (0 picks a free one).",
            Required = true,
        };
        port.AcceptWholeNumber(0, 65535);

        var rm = new Option<string>("--rm")
        {
            Description = "The WS-RM version CreateSequence without a version hint defaults to: 2005 (February 2005, WCF's default) or 11. The service answers each sequence in the version its CreateSequence used.",
            DefaultValueFactory = _ => "2005",
        };
        rm.AcceptOnly("2005", "11");

        var journal = new Option<FileInfo?>("--journal")
        {
            Description = "Write one JSON line per delivered message to this file (session, operation, sequence, payload, countInSession, messageNumber, time).",
        };
        journal.AcceptFilePath();

        var unreliable = new Option<bool>("--no-reliable-session")
        {
            Description = "Serve plain SOAP without WS-ReliableMessaging (the negative control).",
        };

        var speakOnly = new Option<string?>("--speak-only")
        {
            Description = "Speak only the --rm version with this SOAP and WS-Addressing version, as one CoreWCF endpoint does (e.g. soap12-wsa10), "
                + "answering the others as CoreWCF does: to try `harness run --target` against a service that cannot serve every scenario. Default: every version.",
        };
        speakOnly.AcceptOnly([.. Runner.Scenarios.ScenarioLoader.MessageVersionNames]);

        var command = new Command("serve", "Host the journal service at http://127.0.0.1:PORT/journal until Ctrl+C.")
        {
            port,
            rm,
            journal,
            unreliable,
            speakOnly,
        };

        command.SetAction(async (parseResult, invocationToken) =>
        {
            using var shutdown = new ShutdownSignal(invocationToken);
            var cancellationToken = shutdown.Token;
            var settings = new ReliableSessionSettings
            {
                ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(parseResult.GetValue(rm))!,
                Enabled = !parseResult.GetValue(unreliable),
            };
            MessageVersion? onlyMessageVersion = null;
            if (parseResult.GetValue(speakOnly) is { } speakOnlyName)
            {
                Runner.Scenarios.ScenarioLoader.MessageVersions.TryGet(speakOnlyName, out var spoken);
                onlyMessageVersion = spoken;
            }

            var journalFile = parseResult.GetValue(journal);
            await using var host = await JournalServiceHost.StartAsync(
                new JournalServiceOptions
                {
                    Port = parseResult.GetValue(port),
                    JournalPath = journalFile?.FullName,
                    Destination = new DestinationOptions
                    {
                        Settings = settings,
                        OnlyMessageVersion = onlyMessageVersion,
                        OnlyReliableMessagingVersion = onlyMessageVersion is null ? null : settings.ReliableMessagingVersion,
                    },
                    ErrorLog = error,

                    // serve runs until stopped: holding every payload would grow without bound; the file is the record.
                    KeepJournalEntries = false,
                },
                CancellationToken.None).ConfigureAwait(false);

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"journal service listening at {host.Endpoint} ({(settings.Enabled ? settings.ReliableMessagingVersion.Name : "reliable session disabled")}{(onlyMessageVersion is null ? string.Empty : $" only, with {onlyMessageVersion} only")}); Ctrl+C stops it")).ConfigureAwait(false);
            if (journalFile is not null)
            {
                await output.WriteLineAsync($"deliveries are written to {journalFile.FullName}").ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop cleanly.
            }

            // Requests still in flight are served first, and the journal file is flushed: only then is the count final.
            await host.StopAsync().ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"stopped; {host.Journal.Count} messages delivered")).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return command;
    }
}
