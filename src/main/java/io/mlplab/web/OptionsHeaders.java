package io.mlplab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps an empty {@code Accept-Patch} out of the answers to {@code OPTIONS}. Spring MVC writes the header
 * for every resource, with no value where nothing takes PATCH (none here); an {@code Accept-Patch} header
 * says that PATCH is allowed (RFC 5789, section 3.1), so an empty one tells a client the opposite of
 * {@code Allow}.
 */
@Component
class OptionsHeaders extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!emptyAcceptPatch(name, value)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!emptyAcceptPatch(name, value)) {
                    super.addHeader(name, value);
                }
            }
        });
    }

    private static boolean emptyAcceptPatch(String name, String value) {
        return HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
    }
}
