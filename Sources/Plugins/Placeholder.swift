enum PluginsModule {}
