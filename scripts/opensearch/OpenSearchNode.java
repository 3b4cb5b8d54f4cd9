package pullquote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * OpenSearchNode runs one OpenSearch node with the modules a distribution
 * would load from its modules/ folder (transport, common analysis,
 * painless) given as classpath plugins, as embedded runners do. The
 * distribution's bootstrap (its checks, security manager and jar-hell
 * check) is not run. For tests and trials (scripts/opensearch.sh), never
 * for production: a real cluster is started by its own distribution.
 *
 * <p>Usage: OpenSearchNode HOME [setting=value ...]; it runs until it is
 * killed, closing the node on SIGTERM.
 */
public final class OpenSearchNode extends Node {
    private static final List<Class<? extends Plugin>> MODULES =
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    private OpenSearchNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> settings.get("node.name")), plugins, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OpenSearchNode HOME [setting=value ...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home);
        Settings.Builder b = Settings.builder().put("path.home", home.toString());
        for (String kv : Arrays.copyOfRange(args, 1, args.length)) {
            int i = kv.indexOf('=');
            if (i <= 0) {
                System.err.println("not a setting=value: " + kv);
                System.exit(2);
            }
            b.put(kv.substring(0, i), kv.substring(i + 1));
        }
        Settings settings = b.build();
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(settings.get("node.name", "node"));
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new OpenSearchNode(settings, MODULES);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        node.start();
        Thread.currentThread().join();
    }
}
