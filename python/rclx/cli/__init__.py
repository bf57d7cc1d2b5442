"""The ``ros2`` command: ros2cli's topic, node, service and interface verbs over rclx."""
