int mesogrid_cli_placeholder = 0;
