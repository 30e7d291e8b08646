using System.Net;

namespace Harness.Reliability.Tests.Support;

/// <summary>How often the test-only lossy handler misbehaves, per request (0..1).</summary>
internal sealed record LossProfile(double DropRequest, double DropResponse, double Duplicate, double Reorder)
{
    public static readonly LossProfile Harsh = new(DropRequest: 0.10, DropResponse: 0.05, Duplicate: 0.08, Reorder: 0.10);
}

/// <summary>
/// A test-only network between client and service, below the RM layer: with seeded randomness it drops requests
/// (the service never sees them; the client gets an empty 202, as a lost message gives it), drops responses (the
/// service processed the message, the client sees an empty 202), duplicates requests (the service sees two copies)
/// and reorders (holds a request so later ones overtake it). It counts what it did.
/// </summary>
internal sealed class LossyHandler(LossProfile profile, int seed) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private int _dropped, _droppedResponses, _duplicated, _reordered;

    public int Dropped => _dropped;

    public int DroppedResponses => _droppedResponses;

    public int Duplicated => _duplicated;

    public int Reordered => _reordered;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        double dropRequest, dropResponse, duplicate, reorder, delayMs;
        lock (_gate)
        {
            (dropRequest, dropResponse, duplicate, reorder, delayMs) = (_random.NextDouble(), _random.NextDouble(), _random.NextDouble(), _random.NextDouble(), 5 + (_random.NextDouble() * 30));
        }

        if (dropRequest < profile.DropRequest)
        {
            Interlocked.Increment(ref _dropped);
            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
        }

        if (reorder < profile.Reorder)
        {
            Interlocked.Increment(ref _reordered);
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), cancellationToken);
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (duplicate < profile.Duplicate)
        {
            Interlocked.Increment(ref _duplicated);
            using var copy = Copy(request, body);
            using var ignored = await base.SendAsync(copy, cancellationToken);
        }

        using var forwarded = Copy(request, body);
        var response = await base.SendAsync(forwarded, cancellationToken);
        if (dropResponse < profile.DropResponse)
        {
            Interlocked.Increment(ref _droppedResponses);
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
        }

        return response;
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[] body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }
}
