package io.microlith.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.microlith.http.internal.HttpJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Answers the errors Jetty raises itself, before or around Javalin, as {@link ApiError} JSON with the
 * {@link SecurityHeaders}: a request line or URI it cannot parse (400), a URI or headers over its limits (414, 431),
 * an HTTP version it does not speak (505), a method its WebSocket servlet refuses (405) and anything that escaped
 * the servlet (500). The message is ours, chosen by the status: Jetty's names its classes and servlets.
 */
final class JettyErrorHandler extends ErrorHandler {
    private final SecurityHeaders headers;

    JettyErrorHandler(SecurityHeaders headers) {
        this.headers = headers;
        setShowServlet(false);
        setShowStacks(false);
    }

    /** The error answered for a request Jetty could not parse; no request object exists. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers.headers().forEach(fields::put);
        if (HttpStatus.hasNoBody(status)) {
            return BufferUtil.EMPTY_BUFFER;
        }
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    /** Any Accept header: the answer is JSON, as every other error of the app. */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        headers.headers().forEach(response::setHeader);
        byte[] body = body(code);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static byte[] body(int status) {
        try {
            return HttpJson.MAPPER.writeValueAsBytes(new ApiError(status, ApiError.errorOf(status), messageOf(status), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An error body could not be written", e);
        }
    }

    static String messageOf(int status) {
        return switch (status) {
            case 400 -> "The request is not well-formed HTTP";
            case 404 -> "Nothing here";
            case 405 -> "This method is not allowed here";
            case 413 -> "The request is larger than the server accepts";
            case 414 -> "The request URI is longer than the server accepts";
            case 431 -> "The request headers are larger than the server accepts";
            case 500 -> "The server failed to answer this request";
            case 505 -> "This HTTP version is not supported";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield reason == null ? "HTTP " + status : reason;
            }
        };
    }
}
