package io.onefold.service;
