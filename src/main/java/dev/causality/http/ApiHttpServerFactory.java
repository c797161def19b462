package dev.causality.http;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * Camel main asks the registry for its HTTP server factory first: this one makes an
 * {@link ApiHttpServer} with every camel.server.* setting Camel's own factory applies.
 */
public class ApiHttpServerFactory extends DefaultMainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        MainHttpServer configured = (MainHttpServer) super.newHttpServer(camelContext, configuration);
        ApiHttpServer server = new ApiHttpServer();
        server.setCamelContext(camelContext);
        server.setConfiguration(configured.getConfiguration());
        server.setStaticEnabled(configured.isStaticEnabled());
        server.setStaticContextPath(configured.getStaticContextPath());
        server.setStaticSourceDir(configured.getStaticSourceDir());
        server.setFileUploadEnabled(configured.isFileUploadEnabled());
        server.setFileUploadDirectory(configured.getFileUploadDirectory());
        return server;
    }
}
