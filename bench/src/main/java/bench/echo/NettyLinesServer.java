package bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * Netty 4.2's {@code lines10} server, one event loop (NIO or native epoll): each request line is
 * answered with ten {@code write}s of a buffer from the channel's allocator (the line copied in,
 * as Spindle copies a {@code byte[]} into its direct buffer) and one {@code flush}: Netty writes
 * the ten with one gathering system call.
 */
public final class NettyLinesServer {

    private NettyLinesServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and answers until killed.
     *
     * @param args {@code nio} or {@code epoll}, then optionally the port
     * @throws InterruptedException if interrupted while binding or serving
     */
    public static void main(String[] args) throws InterruptedException {
        boolean epoll = switch (args.length > 0 ? args[0] : "") {
            case "nio" -> false;
            case "epoll" -> true;
            default -> throw new IllegalArgumentException("usage: NettyLinesServer nio|epoll [port]");
        };
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (epoll) {
            Epoll.ensureAvailability();
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, ServerMain.BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new Lines())
                    .bind("127.0.0.1", port)
                    .sync()
                    .channel();
            ServerMain.announce(((InetSocketAddress) server.localAddress()).getPort());
            server.closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    /** Ten writes and one flush per request line. */
    @ChannelHandler.Sharable
    private static final class Lines extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int requests = 0;
            for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                if (in.getByte(i) == '\n') {
                    requests++;
                }
            }
            in.release();
            for (; requests > 0; requests--) {
                for (int k = 0; k < TenLines.LINES; k++) {
                    ctx.write(ctx.alloc().buffer(TenLines.LINE_LENGTH).writeBytes(TenLines.line(k)), ctx.voidPromise());
                }
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
