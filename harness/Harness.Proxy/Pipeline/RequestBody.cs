using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harness.Proxy.Pipeline;

/// <summary>Reading a request body into memory, never past the classification limit, and refusing one that goes past it.</summary>
internal static class RequestBody
{
    /// <summary>Why a body over <paramref name="limit"/> is refused, for the client and the trace.</summary>
    public static string TooLargeReason(int limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"the request body is larger than the fault proxy's limit of {limit} bytes for a body it classifies (a body without Content-Length is read at most that far)");

    /// <summary>
    /// Reads the request body, but never more than <paramref name="limit"/> bytes: null when the body goes on past
    /// it. The rest is left unread here.
    /// </summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= int.MaxValue ? (int)Math.Min(request.ContentLength.Value, limit) : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>Answers 413 with the reason as text.</summary>
    public static async Task RefuseTooLargeAsync(HttpContext context, int limit, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetBytes(TooLargeReason(limit) + ".\n");
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = text.Length;

        // No Connection: close here. Closing with the upload unread resets the connection, and the reset can destroy
        // the 413 before the client reads it; Kestrel instead discards the rest for a few seconds (its drain timeout,
        // within its body limit) and then closes. Discarded bytes are never held.
        await context.Response.Body.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes <paramref name="body"/> the request body YARP forwards, with its length.</summary>
    public static void Replace(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        request.Headers.Remove("Transfer-Encoding");
    }
}
