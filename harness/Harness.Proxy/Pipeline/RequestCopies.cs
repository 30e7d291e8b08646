using Microsoft.AspNetCore.Http;

namespace Harness.Proxy.Pipeline;

/// <summary>Extra copies of a request sent straight to the target (the duplicate fault), their answers discarded.</summary>
internal sealed class RequestCopies(Uri target, HttpMessageInvoker invoker)
{
    public async Task SendAsync(HttpRequest original, byte[] body, int copies, CancellationToken cancellationToken)
    {
        for (var i = 0; i < copies; i++)
        {
            using var copy = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            if (original.ContentType is { } contentType)
            {
                copy.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            foreach (var header in original.Headers)
            {
                if (header.Key.StartsWith("SOAPAction", StringComparison.OrdinalIgnoreCase) || header.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
                {
                    copy.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
                }
            }

            try
            {
                using var response = await invoker.SendAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // A copy that fails is as lost as any duplicate the network might drop.
            }
        }
    }
}
