using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Net.Http.Headers;

namespace Agentsgt.Api.Requests;

// MVC's own input formatters would answer the contract's 413, 415 and invalid_request with ProblemDetails or empty bodies.
public sealed class JsonBodyModelBinder : IModelBinder
{
    public const int MaxBodyBytes = 16 * 1024;

    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(TokenEndpointJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    // Shared: MVC only reads it (SuppressValidation).
    private static readonly ValidationStateEntry SkipValidation = new() { SuppressValidation = true };

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var request = bindingContext.HttpContext.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ApiRequestException(ApiError.PayloadTooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = await ReadAtMostAsync(request.Body, buffer, bindingContext.HttpContext.RequestAborted).ConfigureAwait(false);
            if (length > MaxBodyBytes)
            {
                throw new ApiRequestException(ApiError.PayloadTooLarge);
            }

            var body = buffer.AsMemory(0, length);
            var model = IsBlank(body.Span)
                ? Activator.CreateInstance(bindingContext.ModelType)
                : Deserialize(body.Span, request.ContentType, bindingContext.ModelType);

            // MVC's model validation would fill a ModelState nothing reads: the body's rules are the
            // command's validator's, in the MediatR pipeline (cost saved: docs/benchmarks.md).
            bindingContext.ValidationState[model!] = SkipValidation;
            bindingContext.Result = ModelBindingResult.Success(model);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static object Deserialize(ReadOnlySpan<byte> body, string? contentType, Type modelType)
    {
        if (!IsJson(contentType))
        {
            throw new ApiRequestException(ApiError.UnsupportedMediaType);
        }

        // System.Text.Json checks UTF-8 only in values it decodes; a skipped unknown field would slip through.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new ApiRequestException(ApiError.InvalidJson);
        }

        try
        {
            return JsonSerializer.Deserialize(body, modelType, SerializerOptions)
                   ?? throw new ApiRequestException(ApiError.NotAnObject);
        }
        catch (JsonException ex)
        {
            // The path (e.g. $.roomName) helps the caller; the exception text may echo input, so it stays out.
            throw new ApiRequestException(ex.Path is { Length: > 1 } path ? ApiError.InvalidJsonAt(path) : ApiError.InvalidJson);
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string value.
            throw new ApiRequestException(ApiError.InvalidJson);
        }
    }

    internal static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The parser keeps a quoted-string's quotes: charset="utf-8" means charset=utf-8.
        var charset = HeaderUtilities.UnescapeAsQuotedString(media.Charset);
        return charset.Length == 0
               || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
               || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) =>
        body.TrimStart(" \t\r\n"u8).IsEmpty;

    private static async Task<int> ReadAtMostAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total, MaxBodyBytes + 1 - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > MaxBodyBytes)
            {
                break;
            }
        }

        return total;
    }
}
