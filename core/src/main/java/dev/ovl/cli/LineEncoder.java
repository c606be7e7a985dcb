package dev.ovl.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * {@code LEVEL[HH:mm:ss.SSS] message}, a line per event; written by hand because parsing a logback pattern costs a
 * short command more time than the command itself.
 */
final class LineEncoder extends EncoderBase<ILoggingEvent> {
  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent e) {
    LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(e.getTimeStamp()), ZoneId.systemDefault());
    String line = String.format("%s[%02d:%02d:%02d.%03d] %s%n", e.getLevel(), t.getHour(), t.getMinute(),
        t.getSecond(), t.getNano() / 1_000_000, e.getFormattedMessage());
    return line.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
