using System.Runtime.InteropServices;

namespace Harness.Cli.Commands;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so long-running commands stop cleanly and leave their
/// output complete instead of being killed.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal(CancellationToken linkedToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(linkedToken);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the command finishes its own shutdown and returns its exit code.
        context.Cancel = true;
        _source.Cancel();
    }
}
