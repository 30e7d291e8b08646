using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Cli.Tests;

/// <summary>
/// The real <c>harness</c> executable in a child process: its output is collected, and it is stopped with SIGINT
/// (what Ctrl+C sends), so the tests see exactly what a user at a terminal sees.
/// </summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();

    private HarnessProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>The first http:// URL in a line the harness printed (e.g. "listening at http://127.0.0.1:PORT/journal;").</summary>
    public static string UrlIn(string line) => line.Split(' ').First(word => word.StartsWith("http://", StringComparison.Ordinal)).TrimEnd(',', ';');

    public static HarnessProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "harness.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Start(start);
    }

    private static HarnessProcess Start(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var harness = new HarnessProcess(process);
        process.OutputDataReceived += (_, e) => harness.Append(harness._output, e.Data);
        process.ErrorDataReceived += (_, e) => harness.Append(harness._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return harness;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(TimeSpan bound, params string[] args)
    {
        await using var harness = Start(args);
        using var timeout = new CancellationTokenSource(bound);
        await harness._process.WaitForExitAsync(timeout.Token);
        harness._process.WaitForExit(); // drains the redirected streams
        return (harness._process.ExitCode, harness.Output, harness.Error);
    }

    /// <summary>
    /// Runs to completion (bounded) on a terminal of 120 x 40 made by <c>script</c> (util-linux), with
    /// <paramref name="environment"/> changed (null removes a variable); returns the exit code and what the terminal got.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunInTerminalAsync(TimeSpan bound, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "harness.dll") }.Concat(args).Select(ShellQuote));
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--quiet", "--return", "--flush", "--command", $"stty cols 120 rows 40; exec {command}", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        await using var harness = Start(start);
        using var timeout = new CancellationTokenSource(bound);
        await harness._process.WaitForExitAsync(timeout.Token);
        harness._process.WaitForExit();
        return (harness._process.ExitCode, harness.Output);
    }

    /// <summary>Whether <c>script</c>, which gives a command a terminal, is installed (util-linux on Debian always has it).</summary>
    public static bool CanMakeTerminals() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(folder => File.Exists(Path.Combine(folder, "script")));

    /// <summary>Waits until the output has a line matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < bound)
        {
            var line = Output.Split('\n').FirstOrDefault(predicate);
            if (line is not null)
            {
                return line.Trim();
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching line within {bound}. Output:\n{Output}\nErrors:\n{Error}");
    }

    /// <summary>Sends SIGINT and waits (bounded) for the process to end; returns its exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan bound)
    {
        if (kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException("SIGINT could not be sent.");
        }

        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private const int SigInt = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
